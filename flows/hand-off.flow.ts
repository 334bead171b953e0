import { z } from 'zod';
import type { Message } from '../src/db/models/index.js';
import { describeHours, isOpen } from '../src/shop/business-hours.js';
import type { RelayContext } from '../src/staff/staff-desk.js';
import type { Flow, Turn } from './flow.js';

const ID = 'hand-off';
/** After this long without a word from either side, a new message starts a new conversation. */
const CONVERSATION_GAP_MS = 12 * 3_600_000;

const postback = z.object({ f: z.literal(ID), a: z.literal('staff') });

/**
 * Whatever no flow takes goes to staff (who answer in Slack). The customer is told, once per
 * conversation, that someone will get back to them — and outside business hours, when.
 */
export const handOffFlow: Flow<z.infer<typeof postback>> = {
  id: ID,
  postback,
  steps: [],
  onPostback(turn) {
    turn.text(turn.t.contactPrompt);
    return Promise.resolve();
  },
};

/** Hands a customer's message to staff and acknowledges it if this is a new conversation. */
export async function handOff(
  turn: Turn,
  logged: Message,
  context: RelayContext = 'hand-off',
): Promise<void> {
  const { deps, now } = turn;
  const previous = (await deps.conversations.get(turn.customer._id))?.handOff;
  const lastActivity = Math.max(
    previous?.lastCustomerAt.getTime() ?? 0,
    previous?.staffRepliedAt?.getTime() ?? 0,
  );
  const continuing = previous !== undefined && now.getTime() - lastActivity < CONVERSATION_GAP_MS;
  const handOffState = continuing
    ? { ...previous, lastCustomerAt: now }
    : { openedAt: now, lastCustomerAt: now };
  await deps.staffDesk.relayCustomerMessage({
    customer: turn.customer,
    message: logged,
    context,
    conversationStartedAt: handOffState.openedAt,
  });

  if (!handOffState.ackSentAt && context === 'hand-off') {
    const open = isOpen(deps.shop.hours, now);
    turn.text(open ? turn.t.handOffAck : turn.t.handOffAckClosed({ hours: describeHours(deps.shop.hours) }));
    turn.purpose = 'hand-off';
    handOffState.ackSentAt = now;
  }
  await deps.conversations.setHandOff(turn.customer._id, handOffState, now);
}
