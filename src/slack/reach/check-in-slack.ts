import { qrPng } from '../../line/qr-code.js';
import { kit, type SlackMessage } from '../blocks/kit.js';
import type { ButtonHandler, ButtonPress } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import type { StaffText } from '../text/index.js';
import { reachTextFor } from '../text/ops-text.js';
import { errorCodeOf } from '../interactions.js';
import { uploadToStaffChannel } from './file-upload.js';
import { SEND_CHECK_IN_QR, UNDO_CHECK_IN, nameOf } from './reach-blocks.js';

/**
 * Today's check-in QR as a PNG in the staff channel (`/joren checkin`, the App Home button): staff
 * print it or show it on a tablet at the counter. Answers with today's code and where the QR went.
 */
export async function sendCheckInQr(
  deps: SlackDeps,
  who: { t: StaffText; userId: string },
): Promise<SlackMessage> {
  const r = reachTextFor(who.t);
  const { services, slack } = deps;
  try {
    const today = await services.reach.checkIns.today();
    const day = today.day.replace(/-/g, '/');
    const posted = await uploadToStaffChannel(
      { web: slack.web, channel: slack.staffChannel, log: services.log },
      {
        bytes: await qrPng(today.url),
        filename: `joren-check-in-${today.day}.png`,
        title: r.checkInQrTitle({ day }),
        comment: r.checkInQrComment({ user: who.userId, day }),
      },
    );
    if (!posted) return { text: r.checkInQrFailed };
    const text = r.checkInQrPosted({ channel: slack.staffChannel, code: today.code });
    return { text, blocks: [kit.section(text), kit.context(r.checkInToday({ day, code: today.code }))] };
  } catch (error) {
    services.log.warn({ code: errorCodeOf(error) }, 'check-in QR not made');
    return { text: r.checkInQrFailed };
  }
}

/** 取り消す under a check-in notice, and 「QRコードを送る」 on the App Home. */
export const checkInButtons: ButtonHandler[] = [
  {
    actionId: UNDO_CHECK_IN,
    async run(press: ButtonPress) {
      const r = reachTextFor(press.t);
      const result = await press.services.reach.checkIns.undo(press.value);
      const by = await press.slack.staff.nameOf(press.member.userId);
      const customer = result.customerId
        ? await press.services.models.Customer.findById(result.customerId).lean()
        : null;
      const text = result.undone
        ? r.undone({ name: nameOf(customer, result.customerId ?? ''), by })
        : r.undoGone;
      if (press.message) {
        await press.slack.web.chat.update({
          channel: press.message.channel,
          ts: press.message.ts,
          text,
          blocks: [kit.section(text)],
        });
      } else await press.reply({ text });
    },
  },
  {
    actionId: SEND_CHECK_IN_QR,
    async run(press) {
      const answer = await sendCheckInQr(press, { t: press.t, userId: press.member.userId });
      await press.slack.web.chat.postEphemeral({
        channel: press.slack.staffChannel,
        user: press.member.userId,
        text: answer.text,
      });
    },
  },
];
