import { releaseLease, takeLease } from '../src/db/lease.js';
import type { ActiveFlow } from '../src/conversation/conversation-store.js';
import type { FlowDeps } from './flow.js';

/**
 * After a scheduled message (a survey, a check-in) went out, expect the customer's answer — unless
 * they are in the middle of another flow right now — for `ttlMs` after it was sent. Taken under the customer's inbox lease, so it
 * cannot interleave with the processing of their messages. The message's buttons work either way.
 */
export async function expectAnswerAfterScheduledMessage(
  deps: FlowDeps,
  customerId: string,
  sentAt: Date,
  ttlMs: number,
  flow: Omit<ActiveFlow, 'expiresAt'>,
): Promise<boolean> {
  const now = deps.clock.now();
  const lease = await takeLease(deps.models, `inbox:${customerId}`, 'scheduled-message', now, 30_000);
  if (!lease) return false;
  try {
    if (await deps.conversations.active(customerId, now)) return false;
    await deps.conversations.enter(
      customerId,
      { ...flow, expiresAt: new Date(sentAt.getTime() + ttlMs) },
      now,
    );
    return true;
  } finally {
    await releaseLease(deps.models, lease, now);
  }
}
