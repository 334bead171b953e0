import { formatLinkCode, issueLinkCode } from '../analytics/customer-linking.js';
import type { Models } from '../db/models/index.js';
import type { ChatLinks } from '../line/chat-links.js';

/** A link code to hand over at the counter: as printed, until when, and the link its QR opens. */
export interface LinkInvite {
  code: string;
  expiresAt: Date;
  url: string;
}

/**
 * 「LINEとつなぐ」 on the card of a customer known only from the import: a one-time code (30 days),
 * and the pre-filled-message link that types it into the shop's chat, for a QR the customer scans.
 * Sending it joins the two records (flows/link-code.flow.ts).
 */
export async function inviteToLink(
  deps: {
    models: Parameters<typeof issueLinkCode>[0]['models'] & Pick<Models, 'Customer'>;
    chatLinks: Pick<ChatLinks, 'prefilledMessage'>;
    now: Date;
  },
  input: { historyCustomerId: string; by: string },
): Promise<LinkInvite> {
  const { code, expiresAt } = await issueLinkCode(deps, input);
  const printed = formatLinkCode(code);
  return { code: printed, expiresAt, url: await deps.chatLinks.prefilledMessage(printed) };
}
