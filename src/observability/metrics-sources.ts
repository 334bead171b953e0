import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { monthOf, shopDayOf } from '../retention/shop-time.js';
import type { MetricsSources } from './metrics.js';

/** How long the parked count is reused: counting it reads the whole inbox on FerretDB. */
const PARKED_COUNT_TTL_MS = 5 * 60_000;

/**
 * The gauges' sources on the stored data: the backlog from `inboxPending` (as small as the backlog,
 * and shared by every instance), the parked events counted at most every five minutes (a scan of
 * the inbox on FerretDB, indexed by status on MongoDB), and this month's quota snapshot (by `_id`).
 */
export function storedMetricsSources(deps: {
  models: Pick<Models, 'InboxEvent' | 'InboxPending' | 'LineQuota'>;
  clock: Clock;
  timezone: string;
}): MetricsSources {
  const { models, clock } = deps;
  let parked: { at: number; count: Promise<number> } | undefined;
  return {
    async inboxBacklog() {
      // Two reads, not one $group: FerretDB 1.24 has no $min accumulator.
      const [backlog, oldest] = await Promise.all([
        models.InboxPending.countDocuments({}),
        models.InboxPending.findOne({}, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean(),
      ]);
      const oldestAgeMs = oldest ? Math.max(0, clock.now().getTime() - oldest.receivedAt.getTime()) : 0;
      return { backlog, oldestAgeMs };
    },
    parkedEvents() {
      const now = Date.now();
      if (!parked || now - parked.at > PARKED_COUNT_TTL_MS) {
        const count = models.InboxEvent.countDocuments({ status: 'parked' }).exec();
        parked = { at: now, count };
        count.catch(() => (parked = undefined));
      }
      return parked.count;
    },
    async lineQuota() {
      const month = monthOf(shopDayOf(clock.now(), deps.timezone));
      const snapshot = await models.LineQuota.findById(month).lean();
      return snapshot ? { limit: snapshot.limit, used: snapshot.used, readAt: snapshot.readAt } : undefined;
    },
  };
}
