import { linkCodeIn, redeemLinkCode } from '../src/analytics/customer-linking.js';
import type { Turn } from './flow.js';

/**
 * A message that is exactly a link code (staff issued it for a customer known from the visit
 * history) links the sender to that history and is answered, and staff are told; false for any
 * other text. The router
 * asks this before anything else, whatever flow the customer is in.
 */
export async function handleLinkCode(turn: Turn, text: string): Promise<boolean> {
  if (!linkCodeIn(text)) return false;
  const result = await redeemLinkCode(
    { models: turn.deps.models, now: turn.deps.clock.now() },
    { lineCustomerId: turn.customer._id, text },
  );
  const { t } = turn;
  turn.purpose = 'link-code';
  if (result.outcome === 'linked' && !result.resumed) {
    const history = await turn.deps.models.Customer.findById(result.historyCustomerId).lean();
    await turn.refreshCustomer();
    if (history) {
      await turn.deps.notices.linked({
        friend: turn.customer,
        history,
        visitsMoved: result.visitsMoved,
        by: 'code',
      });
    }
  }
  turn.text(
    result.outcome === 'linked'
      ? t.linkCodeLinked({ name: turn.name })
      : result.outcome === 'expired'
        ? t.linkCodeExpired()
        : result.outcome === 'used'
          ? t.linkCodeUsed()
          : t.linkCodeUnknown(),
  );
  return true;
}
