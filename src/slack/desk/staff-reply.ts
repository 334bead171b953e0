import { recordStaffReply } from '../../../flows/hand-off.flow.js';
import type { AppContext } from '../../context.js';
import { JorenError } from '../../errors.js';

/** LINE's limit on one text message. */
const LINE_TEXT_LIMIT = 5_000;

export type StaffReplyOutcome =
  | { ok: true }
  | { ok: false; reason: 'blocked' | 'tooLong' | 'empty' | 'unknownCustomer' }
  | { ok: false; reason: 'line'; code: string };

/**
 * Sends what a staff member wrote to the customer on LINE: a push (there is no reply token for staff),
 * logged with the staff member's name, under a key from the Slack message so that Slack delivering
 * the event twice sends it once. The customer's conversation is then marked as answered by staff.
 */
export async function sendStaffReply(
  app: AppContext,
  input: { customerId: string; text: string; staffName: string; key: string },
): Promise<StaffReplyOutcome> {
  if (input.text.trim() === '') return { ok: false, reason: 'empty' };
  if (input.text.length > LINE_TEXT_LIMIT) return { ok: false, reason: 'tooLong' };
  const customer = await app.models.Customer.findById(input.customerId).lean();
  if (!customer) return { ok: false, reason: 'unknownCustomer' };
  if (customer.status !== 'following') return { ok: false, reason: 'blocked' };
  try {
    const outcome = await app.line.messenger.send({
      to: customer._id,
      messages: [{ type: 'text', text: input.text }],
      key: input.key,
      purpose: 'staff-reply',
      staff: input.staffName,
    });
    if (outcome.status === 'unreachable') return { ok: false, reason: 'blocked' };
  } catch (error) {
    if (!(error instanceof JorenError)) throw error;
    app.log.warn({ customerId: customer._id, code: error.code }, 'staff reply not accepted by LINE');
    return { ok: false, reason: 'line', code: error.code };
  }
  await recordStaffReply(app.flows.conversations, customer._id, app.clock.now());
  return { ok: true };
}
