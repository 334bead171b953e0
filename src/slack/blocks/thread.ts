import type { Customer, Message } from '../../db/models/index.js';
import type { RelayContext } from '../../staff/staff-desk.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import type { StaffText } from '../text/index.js';
import { OPEN_PROFILE, customerName } from './customer-card.js';
import { kit, type Block, type SlackMessage } from './kit.js';

/** Room left in a section for a customer's words (Slack allows 3,000 characters). */
const CHUNK = 2_900;

/** The top of a customer's conversation thread: who, their status, why, and the profile button. */
export function threadParent(customer: Customer, context: RelayContext, t: StaffText): SlackMessage {
  const title = t.threadTitle({
    name: customerName(customer),
    status: t.status[customer.status],
    context: t.relayContext[context],
  });
  return {
    text: title,
    blocks: [
      kit.section(title, kit.button(t.profileButton, OPEN_PROFILE, customer._id)),
      kit.context(t.threadHint),
    ],
  };
}

/**
 * A customer's message in their thread: the words of a text (escaped: a customer cannot ping the
 * channel or make links), or the readable summary of anything else (「[スタンプ] OK」, 「[画像]」).
 */
export function relayedMessage(message: Pick<Message, 'type' | 'text' | 'summary'>): SlackMessage {
  const words = message.type === 'text' && message.text ? message.text : message.summary;
  const escaped = escapeMrkdwn(words);
  const blocks: Block[] = [];
  for (let start = 0; start < escaped.length && blocks.length < 40; start += CHUNK) {
    blocks.push(kit.section(escaped.slice(start, start + CHUNK)));
  }
  return { text: clip(escaped, 3_000), blocks };
}

/** What is left of a thread after the customer was forgotten. */
export function forgottenThread(t: StaffText): SlackMessage {
  return { text: t.forgottenCustomer, blocks: [kit.section(t.forgottenCustomer)] };
}
