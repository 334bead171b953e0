import { refusedInserts } from '../db/bulk-write.js';
import { addActivities } from '../customers/customer-activity.js';
import type { Models, OutreachSkip } from '../db/models/index.js';
import type { PolicyReason } from '../retention/policy-reasons.js';
import { shopDayOf } from '../retention/shop-time.js';
import { ledgerKey } from '../retention/touchpoint-due.js';

/** Who was due and not sent, and why: one record per touchpoint key and day, insert-only. */
export class SkipLog {
  constructor(
    private readonly models: Pick<Models, 'OutreachSkip' | 'CustomerActivity'>,
    private readonly zone = 'Asia/Tokyo',
  ) {}

  async record(
    kind: string,
    runKey: string,
    at: Date,
    skips: { candidate: { customer: { _id: string }; period: string }; reason: PolicyReason }[],
  ): Promise<void> {
    if (skips.length === 0) return;
    const day = shopDayOf(at, this.zone);
    const docs: OutreachSkip[] = skips.map(({ candidate, reason }) => ({
      _id: `${ledgerKey(kind, candidate.period, candidate.customer._id)}@${day}`,
      customerId: candidate.customer._id,
      kind,
      period: candidate.period,
      reason: reason.code,
      params: reason.params,
      runKey,
      at,
    }));
    for (let i = 0; i < docs.length; i += 1000) {
      try {
        await this.models.OutreachSkip.insertMany(docs.slice(i, i + 1000), { ordered: false, lean: true });
      } catch (error) {
        // A rerun of the same day records the same skip again: the first record stands.
        if (!refusedInserts(error)?.every((refusal) => refusal.duplicate)) throw error;
      }
    }
    // Kept ready by customer for the explanation (/joren explain), which reads them by `_id`.
    await addActivities(
      this.models,
      'skips',
      docs.map((doc) => ({ customerId: doc.customerId, id: doc._id })),
    );
  }
}
