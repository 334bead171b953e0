import { z } from 'zod';
import { lookUpCustomer } from '../../customers/customer-lookup.js';
import type { Customer } from '../../db/models/index.js';
import { recordVisitAndFollowUp, type RecordedVisit } from '../../visits/visit-follow-up.js';
import { customerName } from '../blocks/customer-card.js';
import { kit, type Block, type SlackMessage } from '../blocks/kit.js';
import type { ButtonHandler } from '../interactions.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { SlackDeps } from '../slack-deps.js';
import { formatMoment, type StaffText } from '../text/index.js';
import { opsTextFor } from '../text/ops-text.js';
import { customerIdValue, parsedJson } from './arguments.js';
import { defineCommand } from './command.js';
import { MAX_AMOUNT_YEN, MAX_MENU_LENGTH, visitArguments } from './visit-arguments.js';

/** The pick-list button's action id (one per customer: `visit:pick:<id>`). */
const VISIT_PICK = 'visit:pick';

/** A visit waiting for staff to pick the customer: carried in the button's value, checked on return. */
const pendingVisit = z.object({
  c: customerIdValue,
  k: z.string().regex(/^slack:[\w.-]{1,100}$/),
  at: z.number().int().positive(),
  m: z.string().min(1).max(MAX_MENU_LENGTH).optional(),
  a: z.number().int().min(0).max(MAX_AMOUNT_YEN).optional(),
});
type PendingVisit = z.infer<typeof pendingVisit>;

/**
 * `/visit <customer> [menu] [amount]`: records a visit, schedules the thank-you and the survey, marks a
 * lapsed customer won back, and answers with the planned send times. The visit's key is Slack's
 * trigger id, so a retried request records nothing twice. Several matching names give a pick list.
 */
export const visitCommand = defineCommand({
  name: '/visit',
  args: visitArguments,
  usage: (t) => opsTextFor(t).usageVisit,
  async run(args, call) {
    const { services, slack, t } = call;
    const found = await lookUpCustomer(
      { models: services.models, directory: slack.customers },
      args.customer,
    );
    if (found.kind === 'none') return { text: t.notFound({ query: escapeMrkdwn(call.typed) }) };
    const pending: Omit<PendingVisit, 'c'> = {
      k: `slack:${call.triggerId}`,
      at: services.clock.now().getTime(),
      ...(args.menu ? { m: args.menu } : {}),
      ...(args.amount !== undefined ? { a: args.amount } : {}),
    };
    if (found.kind === 'many') return visitPickList(found.customers, found.total, pending, call.typed, t);
    return recordFor(call, found.customer, { ...pending, c: found.customer._id }, call.member.userId);
  },
});

async function recordFor(
  deps: SlackDeps & { t: StaffText },
  customer: Customer,
  pending: PendingVisit,
  staffUserId: string,
): Promise<SlackMessage> {
  const { services } = deps;
  const recorded = await recordVisitAndFollowUp(
    {
      models: services.models,
      scheduler: services.scheduler,
      winBackWindowDays: services.shop.winBackWindowDays,
    },
    {
      key: pending.k,
      customerId: customer._id,
      at: new Date(pending.at),
      source: 'staff',
      staff: staffUserId,
      ...(pending.m ? { menu: pending.m } : {}),
      ...(pending.a !== undefined ? { amount: pending.a } : {}),
    },
  );
  return visitConfirmation(recorded, customer, deps.t, services.shop.timezone);
}

/** The answer to a recorded visit: who, what, and when the thank-you and survey go. */
function visitConfirmation(
  recorded: RecordedVisit,
  customer: Customer,
  t: StaffText,
  timeZone: string,
): SlackMessage {
  const o = opsTextFor(t);
  const name = customerName(customer);
  const { visit } = recorded;
  const headline = recorded.created ? o.visitRecorded({ name }) : o.visitAlready({ name });
  const details = o.visitDetails({
    ...(visit.menu ? { menu: escapeMrkdwn(visit.menu) } : {}),
    ...(visit.amount !== undefined ? { amount: o.yen({ amount: visit.amount }) } : {}),
  });
  const plans =
    customer.status === 'following' && recorded.followUps.length > 0
      ? recorded.followUps.map((f) =>
          (f.kind === 'thanks' ? o.followUpThanks : o.followUpSurvey)({ at: formatMoment(f.at, timeZone) }),
        )
      : [o.noFollowUps];
  const lines = [headline, ...(details ? [details] : []), ...plans, ...(recorded.wonBack ? [o.wonBack] : [])];
  const blocks: Block[] = [kit.section(headline), kit.context(...lines.slice(1))];
  return { text: lines.join('\n'), blocks };
}

function visitPickList(
  customers: Customer[],
  total: number,
  pending: Omit<PendingVisit, 'c'>,
  typed: string,
  t: StaffText,
): SlackMessage {
  const title = t.pickOne({ count: total, query: escapeMrkdwn(typed) });
  const blocks: Block[] = [kit.section(title)];
  for (const customer of customers) {
    const value = JSON.stringify({ ...pending, c: customer._id });
    blocks.push(
      kit.section(
        `*${customerName(customer)}* · ${t.status[customer.status]}`,
        kit.button(opsTextFor(t).visitPickButton, `${VISIT_PICK}:${customer._id}`, value),
      ),
    );
  }
  if (total > customers.length) blocks.push(kit.context(t.moreMatches({ hidden: total - customers.length })));
  return { text: title, blocks };
}

/** The pick list's buttons: record the visit for the customer picked (once, whatever the presses). */
export const visitButtons: ButtonHandler[] = [
  {
    actionId: new RegExp(`^${VISIT_PICK}:`),
    async run(press) {
      const pending = pendingVisit.safeParse(parsedJson(press.value));
      const customer = pending.success
        ? await press.services.models.Customer.findById(pending.data.c).lean()
        : null;
      if (!pending.success || !customer) {
        await press.reply({ text: press.t.forgetGone });
        return;
      }
      await press.reply(await recordFor(press, customer, pending.data, press.member.userId));
    },
  },
];
