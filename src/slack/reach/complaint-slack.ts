import { z } from 'zod';
import { caseSteps } from '../../db/models/index.js';
import { customerName } from '../blocks/customer-card.js';
import { kit } from '../blocks/kit.js';
import { customerIdValue, parsedJson } from '../commands/arguments.js';
import type { ButtonHandler, ViewHandler } from '../interactions.js';
import { reachTextFor } from '../text/ops-text.js';
import { CASE_STEP, OPEN_COMPLAINT } from './reach-blocks.js';

const COMPLAINT_VIEW = 'customer:complaint';
const HEARD_BLOCK = 'heard';
const WORDS_BLOCK = 'words';

const stepPress = z.object({ c: z.string().min(1).max(200), s: z.enum(caseSteps) });

/** 「クレームを登録」 on the customer card: how it was heard and their words, then a case with a checklist. */
export const complaintButtons: ButtonHandler[] = [
  {
    actionId: OPEN_COMPLAINT,
    async run(press) {
      const id = customerIdValue.safeParse(press.value);
      const customer = id.success ? await press.services.models.Customer.findById(id.data).lean() : null;
      if (!customer) return press.reply({ text: press.t.forgetGone });
      const r = reachTextFor(press.t);
      const option = (value: string, text: string) => ({ value, text: kit.plain(text, 75) });
      const phone = option('phone', r.complaintHeardPhone);
      await press.slack.web.views.open({
        trigger_id: press.triggerId,
        view: {
          type: 'modal',
          callback_id: COMPLAINT_VIEW,
          private_metadata: customer._id,
          title: kit.plain(r.complaintTitle, 24),
          submit: kit.plain(r.complaintSave, 24),
          close: kit.plain(press.t.cancel, 24),
          blocks: [
            kit.section(`*${customerName(customer)}*`),
            {
              type: 'input',
              block_id: HEARD_BLOCK,
              label: kit.plain(r.complaintHeard, 2_000),
              element: {
                type: 'static_select',
                action_id: HEARD_BLOCK,
                initial_option: phone,
                options: [phone, option('counter', r.complaintHeardCounter)],
              },
            },
            {
              type: 'input',
              block_id: WORDS_BLOCK,
              optional: true,
              label: kit.plain(r.complaintWords, 2_000),
              element: {
                type: 'plain_text_input',
                action_id: WORDS_BLOCK,
                multiline: true,
                max_length: 1_000,
              },
            },
          ],
        },
      });
    },
  },
  {
    actionId: new RegExp(`^${CASE_STEP}:`),
    async run(press) {
      const step = stepPress.safeParse(parsedJson(press.value));
      if (!step.success) return;
      const by = await press.slack.staff.nameOf(press.member.userId);
      await press.services.reach.caseCare.toggleStep(step.data.c, step.data.s, by);
    },
  },
];

/** The complaint modal submitted: the case opens (its card appears in the staff channel). */
export const complaintViews: ViewHandler[] = [
  {
    callbackId: COMPLAINT_VIEW,
    async run(submission) {
      const id = customerIdValue.safeParse(submission.view.private_metadata);
      const customer = id.success ? await submission.services.models.Customer.findById(id.data).lean() : null;
      if (!customer) return;
      const values = submission.view.state.values;
      const heard = z
        .enum(['phone', 'counter'])
        .catch('phone')
        .parse(
          values[HEARD_BLOCK]?.[HEARD_BLOCK]?.selected_option?.value ??
            values[HEARD_BLOCK]?.[HEARD_BLOCK]?.value,
        );
      const words = values[WORDS_BLOCK]?.[WORDS_BLOCK]?.value?.trim();
      await submission.services.reach.caseCare.openInPerson({
        customer,
        heard,
        ...(words ? { words } : {}),
        by: await submission.slack.staff.nameOf(submission.member.userId),
        byId: submission.member.userId,
      });
      await submission.slack.web.chat.postEphemeral({
        channel: submission.slack.staffChannel,
        user: submission.member.userId,
        text: reachTextFor(submission.t).complaintOpened({ name: customerName(customer) }),
      });
    },
  },
];
