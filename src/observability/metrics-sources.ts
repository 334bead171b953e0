import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { monthOf, shopDayOf } from '../retention/shop-time.js';
import type { MetricsSources } from './metrics.js';

/**
 * The gauges' sources on the stored data: the inbox's unprocessed and parked events (read once per
 * scrape; scans on FerretDB, indexed by status and receivedAt on MongoDB) and this month's quota snapshot (by `_id`).
 */
export function storedMetricsSources(deps: {
  models: Pick<Models, 'InboxEvent' | 'LineQuota'>;
  clock: Clock;
  timezone: string;
}): MetricsSources {
  const { models, clock } = deps;
  return {
    async inboxBacklog() {
      // Two reads, not one $group: FerretDB 1.24 has no $min accumulator.
      const waiting = { status: { $in: ['pending' as const, 'processing' as const] } };
      const [backlog, oldest] = await Promise.all([
        models.InboxEvent.countDocuments(waiting),
        models.InboxEvent.findOne(waiting, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean(),
      ]);
      const oldestAgeMs = oldest ? Math.max(0, clock.now().getTime() - oldest.receivedAt.getTime()) : 0;
      return { backlog, oldestAgeMs };
    },
    parkedEvents: () => models.InboxEvent.countDocuments({ status: 'parked' }),
    async lineQuota() {
      const month = monthOf(shopDayOf(clock.now(), deps.timezone));
      const snapshot = await models.LineQuota.findById(month).lean();
      return snapshot ? { limit: snapshot.limit, used: snapshot.used, readAt: snapshot.readAt } : undefined;
    },
  };
}
