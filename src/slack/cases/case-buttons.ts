import { z } from 'zod';
import { RESOLVE_CASE, TAKE_CASE } from '../blocks/case-card.js';
import { kit } from '../blocks/kit.js';
import { errorCodeOf, type ButtonHandler, type ButtonPress, type ViewHandler } from '../interactions.js';

const RESOLVE_VIEW = 'case:resolve';
const RESOLUTION_BLOCK = 'resolution';
const RESOLUTION_INPUT = 'text';
/** Case ids are ours: an ObjectId, or `<trigger>:<ref>` (survey visit ids, LINE event ids). */
const caseId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w:.-]+$/);

async function openCase(press: ButtonPress) {
  const id = caseId.safeParse(press.value);
  const complaint = id.success ? await press.services.models.ComplaintCase.findById(id.data).lean() : null;
  if (!complaint) await press.reply({ text: press.t.caseGone });
  else if (complaint.status === 'resolved') await press.reply({ text: press.t.caseAlreadyResolved });
  return complaint?.status === 'resolved' ? null : complaint;
}

/** 「担当する」 takes the case; 「解決済み」 opens a modal to say what was done. */
export const caseButtons: ButtonHandler[] = [
  {
    actionId: TAKE_CASE,
    async run(press) {
      const complaint = await openCase(press);
      if (!complaint) return;
      const by = await press.slack.staff.nameOf(press.member.userId);
      await press.services.cases.take(complaint._id, by, press.member.userId);
    },
  },
  {
    actionId: RESOLVE_CASE,
    async run(press) {
      const complaint = await openCase(press);
      if (!complaint) return;
      const { t } = press;
      await press.slack.web.views.open({
        trigger_id: press.triggerId,
        view: {
          type: 'modal',
          callback_id: RESOLVE_VIEW,
          private_metadata: complaint._id,
          title: kit.plain(t.resolveTitle, 24),
          submit: kit.plain(t.resolveSubmit, 24),
          close: kit.plain(t.cancel, 24),
          blocks: [
            {
              type: 'input',
              block_id: RESOLUTION_BLOCK,
              optional: true,
              label: kit.plain(t.resolveLabel, 2_000),
              hint: kit.plain(t.resolveHint, 2_000),
              element: {
                type: 'plain_text_input',
                action_id: RESOLUTION_INPUT,
                multiline: true,
                max_length: 1_000,
              },
            },
          ],
        },
      });
    },
  },
];

/**
 * The resolve modal submitted: the case is resolved by this staff member, the customer receives the
 * confirmation (with what was typed, if anything), and the card shows it. If LINE does not take the
 * confirmation, the card's thread says so.
 */
export const caseViews: ViewHandler[] = [
  {
    callbackId: RESOLVE_VIEW,
    async run(submission) {
      const id = caseId.safeParse(submission.view.private_metadata);
      if (!id.success) return;
      const typed = submission.view.state.values[RESOLUTION_BLOCK]?.[RESOLUTION_INPUT]?.value?.trim();
      const by = await submission.slack.staff.nameOf(submission.member.userId);
      try {
        await submission.services.cases.resolve(id.data, by, typed === '' ? undefined : typed);
      } catch (error) {
        submission.services.log.error(
          { caseId: id.data, code: errorCodeOf(error) },
          'case resolved, confirmation not sent',
        );
        const reason = submission.slack.channelText.sendReason.line({ code: errorCodeOf(error) });
        await submission.slack.desk.noteOnCase(
          id.data,
          submission.slack.channelText.caseConfirmFailed({ reason }),
        );
      }
      await submission.slack.desk.refreshCase(id.data);
    },
  },
];
