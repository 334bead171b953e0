import type { CustomerQuery } from '../../customers/customer-lookup.js';
import { normalizeTag } from '../../customers/customer-tags.js';
import { SHOW_CUSTOMER, customerName } from '../blocks/customer-card.js';
import { kit, type SlackMessage } from '../blocks/kit.js';
import { customerIdValue, customerQuery } from '../commands/arguments.js';
import { findOneCustomer } from '../commands/find-customer.js';
import type { CommandCall } from '../commands/command.js';
import type { ButtonHandler, ViewHandler } from '../interactions.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { reachTextFor } from '../text/ops-text.js';
import { EDIT_TAGS } from './reach-blocks.js';

const TAGS_VIEW = 'customer:tags';
const TAGS_BLOCK = 'tags';
const TAGS_INPUT = 'text';

/** `/joren tag <customer> +常連 -休眠`: who, and the tags to add and remove. */
export interface TagArguments {
  customer: CustomerQuery;
  add: string[];
  remove: string[];
}

const TOKEN = /"([^"]*)"|「([^」]*)」|(\S+)/gu;

/** Reads what follows `tag`; undefined when there is no customer or no readable tag change. */
export function parseTagArguments(text: string): TagArguments | undefined {
  const words = [...text.matchAll(TOKEN)].map((m) => (m[1] ?? m[2] ?? m[3]!).trim()).filter(Boolean);
  const who = customerQuery.safeParse(words[0] ?? '');
  if (!who.success) return undefined;
  const add: string[] = [];
  const remove: string[] = [];
  for (const word of words.slice(1)) {
    const tag = normalizeTag(word.replace(/^[+-]/, ''));
    if (!tag) return undefined;
    (word.startsWith('-') ? remove : add).push(tag);
  }
  return add.length + remove.length > 0 ? { customer: who.data, add, remove } : undefined;
}

/** Runs `/joren tag`: the customer found as /customer finds them, then the change, then their tags. */
export async function runTagCommand(args: TagArguments, call: CommandCall): Promise<SlackMessage> {
  const { services, t } = call;
  const found = await findOneCustomer(call, args.customer, SHOW_CUSTOMER);
  if ('answer' in found) return found.answer;
  const id = found.customer._id;
  if (args.add.length > 0) await services.reach.tags.addTags(id, args.add);
  const tags = await services.reach.tags.removeTags(id, args.remove);
  const text = reachTextFor(t).tagsNow({
    name: customerName(found.customer),
    tags: tags.length ? tags.map((tag) => escapeMrkdwn(tag)).join(', ') : t.none,
  });
  return { text, blocks: [kit.section(text)] };
}

/** 「タグを編集」 on the customer card: a modal with the tags, one field. */
export const tagButtons: ButtonHandler[] = [
  {
    actionId: EDIT_TAGS,
    async run(press) {
      const id = customerIdValue.safeParse(press.value);
      const customer = id.success ? await press.services.models.Customer.findById(id.data).lean() : null;
      if (!customer) return press.reply({ text: press.t.forgetGone });
      const r = reachTextFor(press.t);
      await press.slack.web.views.open({
        trigger_id: press.triggerId,
        view: {
          type: 'modal',
          callback_id: TAGS_VIEW,
          private_metadata: customer._id,
          title: kit.plain(r.tagsTitle, 24),
          submit: kit.plain(r.tagsSave, 24),
          close: kit.plain(press.t.cancel, 24),
          blocks: [
            kit.section(`*${customerName(customer)}*`),
            {
              type: 'input',
              block_id: TAGS_BLOCK,
              optional: true,
              label: kit.plain(r.tagsLabel, 2_000),
              hint: kit.plain(r.tagsHint, 2_000),
              element: {
                type: 'plain_text_input',
                action_id: TAGS_INPUT,
                max_length: 600,
                ...(customer.tags.length ? { initial_value: customer.tags.join('、') } : {}),
              },
            },
          ],
        },
      });
    },
  },
];

/** The tags modal saved: tags typed and not there are added, tags there and not typed removed. */
export const tagViews: ViewHandler[] = [
  {
    callbackId: TAGS_VIEW,
    async run(submission) {
      const id = customerIdValue.safeParse(submission.view.private_metadata);
      if (!id.success) return;
      const { tags } = submission.services.reach;
      const typed = submission.view.state.values[TAGS_BLOCK]?.[TAGS_INPUT]?.value ?? '';
      const wanted = typed
        .split(/[,、，\s]+/u)
        .map((word) => normalizeTag(word))
        .filter((tag): tag is string => tag !== undefined);
      const customer = await submission.services.models.Customer.findById(id.data, { tags: 1 }).lean();
      if (!customer) return;
      await tags.removeTags(
        id.data,
        customer.tags.filter((tag) => !wanted.includes(tag)),
      );
      await tags.addTags(id.data, wanted);
    },
  },
];
