import { z } from 'zod';
import { inviteToLink } from '../../customers/link-invites.js';
import { JorenError, ErrorCode } from '../../errors.js';
import { qrPng } from '../../line/qr-code.js';
import { customerIdValue } from '../commands/arguments.js';
import { kit } from '../blocks/kit.js';
import type { ButtonHandler, ButtonPress } from '../interactions.js';
import { formatDate } from '../text/index.js';
import { reachTextFor } from '../text/ops-text.js';
import { uploadToStaffChannel } from './file-upload.js';
import { LINK_HISTORY, PHONE_LINK, PHONE_REJECT, nameOf } from './reach-blocks.js';

const proposalId = z.string().regex(/^U[0-9a-f]{32}~ext:[^\s]{1,70}$/);

/** Replaces the message the button was in for everyone (a notice), else answers the presser. */
async function settle(press: ButtonPress, text: string): Promise<void> {
  if (!press.message) return press.reply({ text });
  const kept = press.message.blocks.filter((block) => (block as { type?: string }).type === 'section');
  await press.slack.web.chat.update({
    channel: press.message.channel,
    ts: press.message.ts,
    text,
    blocks: [...(kept as never[]), kit.context(text)],
  });
}

/** 「LINEとつなぐ」 on an import-only card, and つなぐ / 違う under a phone match. */
export const linkButtons: ButtonHandler[] = [
  {
    actionId: LINK_HISTORY,
    async run(press) {
      const r = reachTextFor(press.t);
      const id = customerIdValue.safeParse(press.value);
      if (!id.success) return press.reply({ text: press.t.forgetGone });
      const { services, slack } = press;
      let invite;
      try {
        invite = await inviteToLink(
          { models: services.models, chatLinks: services.reach.chatLinks, now: services.clock.now() },
          { historyCustomerId: id.data, by: press.member.userId },
        );
      } catch (error) {
        if (error instanceof JorenError && error.code === ErrorCode.LinkRefused) {
          return press.reply({ text: r.linkRefused });
        }
        throw error;
      }
      const customer = await services.models.Customer.findById(id.data).lean();
      await uploadToStaffChannel(
        { web: slack.web, channel: slack.staffChannel, log: services.log },
        {
          bytes: await qrPng(invite.url),
          filename: `joren-link-${invite.code}.png`,
          title: r.linkQrTitle({ code: invite.code }),
          comment: r.linkQrComment({ user: press.member.userId }),
        },
      );
      const text = r.linkIssued({
        name: nameOf(customer, id.data),
        code: invite.code,
        until: formatDate(invite.expiresAt, services.shop.timezone),
      });
      await press.reply({ text, blocks: [kit.section(text), kit.context(invite.url)] });
    },
  },
  ...(['link', 'reject'] as const).map((decision): ButtonHandler => ({
    actionId: decision === 'link' ? PHONE_LINK : PHONE_REJECT,
    async run(press) {
      const r = reachTextFor(press.t);
      const id = proposalId.safeParse(press.value);
      if (!id.success) return press.reply({ text: r.proposalDecided });
      const by = await press.slack.staff.nameOf(press.member.userId);
      const result = await press.services.reach.phoneLinks.decide(id.data, decision, by);
      const text =
        result.outcome === 'linked'
          ? r.phoneLinked({ by })
          : result.outcome === 'rejected'
            ? r.phoneRejected({ by })
            : r.proposalDecided;
      await settle(press, text);
    },
  })),
];
