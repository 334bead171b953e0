import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversation/conversation-store.js';
import type { Models } from '../db/models/index.js';
import { JorenError } from '../errors.js';
import type { LineMessenger } from '../line/messenger.js';
import type { Logger } from '../log.js';

/** LINE's limit on one text message. */
const LINE_TEXT_LIMIT = 5_000;

export type StaffReplyOutcome =
  | { ok: true }
  | { ok: false; reason: 'blocked' | 'tooLong' | 'empty' | 'unknownCustomer' }
  | { ok: false; reason: 'line'; code: string };

/** A staff member's words for a customer, and the key that makes sending them idempotent. */
export interface StaffReplyInput {
  customerId: string;
  text: string;
  staffName: string;
  key: string;
}

/** What staff say to customers from wherever they work (Slack threads today). */
export class StaffReplies {
  constructor(
    private readonly deps: {
      models: Pick<Models, 'Customer'>;
      messenger: LineMessenger;
      conversations: ConversationStore;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /**
   * Sends what a staff member wrote to the customer on LINE: a push (there is no reply token for
   * staff), logged with the staff member's name, under the caller's key so that a request delivered
   * twice sends once. The customer's conversation is then marked as answered by staff.
   */
  async send(input: StaffReplyInput): Promise<StaffReplyOutcome> {
    if (input.text.trim() === '') return { ok: false, reason: 'empty' };
    if (input.text.length > LINE_TEXT_LIMIT) return { ok: false, reason: 'tooLong' };
    const customer = await this.deps.models.Customer.findById(input.customerId).lean();
    if (!customer) return { ok: false, reason: 'unknownCustomer' };
    if (customer.status !== 'following') return { ok: false, reason: 'blocked' };
    try {
      const outcome = await this.deps.messenger.send({
        to: customer._id,
        messages: [{ type: 'text', text: input.text }],
        key: input.key,
        purpose: 'staff-reply',
        staff: input.staffName,
      });
      if (outcome.status === 'unreachable') return { ok: false, reason: 'blocked' };
    } catch (error) {
      if (!(error instanceof JorenError)) throw error;
      this.deps.log.warn({ customerId: customer._id, code: error.code }, 'staff reply not accepted by LINE');
      return { ok: false, reason: 'line', code: error.code };
    }
    await recordStaffReply(this.deps.conversations, customer._id, this.deps.clock.now());
    return { ok: true };
  }
}

/** A staff member answered the customer: the conversation is theirs, no more automatic notices. */
export async function recordStaffReply(
  conversations: ConversationStore,
  customerId: string,
  now: Date,
): Promise<void> {
  const previous = (await conversations.get(customerId))?.handOff;
  await conversations.setHandOff(
    customerId,
    {
      openedAt: previous?.openedAt ?? now,
      lastCustomerAt: previous?.lastCustomerAt ?? now,
      ...(previous?.ackSentAt ? { ackSentAt: previous.ackSentAt } : {}),
      staffRepliedAt: now,
    },
    now,
  );
}
