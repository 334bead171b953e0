import type { CustomerStatus, LapseReason, LapseScan, Models, WinBack } from '../db/models/index.js';
import { comeBackLikelihood, explainLapse, type Explanation, type Likelihood } from '../retention/explain.js';
import type { LapseMethod } from '../retention/lapse-scoring.js';
import type { ShopCalendar } from '../retention/shop-time.js';
import { readCurrentScan } from './lapse-scan.js';
import {
  RANK_CHUNK_SIZE,
  bucketId,
  bucketOf,
  chunkLines,
  rankChunkId,
  unpackScore,
  type StoredScore,
} from './score-rows.js';

/** The reasons in the order the win-back check-in offers them (`--reason 1` … `--reason 4`). */
export const lapseReasons: readonly LapseReason[] = ['timing', 'problem', 'changed', 'other'];

export interface LapsedQuery {
  /** Rows per page (1–50, default 10). */
  limit?: number;
  /** 1-based page. */
  page?: number;
  /** Only customers whose check-in reply gave this reason (1 timing, 2 problem, 3 changed, 4 other). */
  reason?: number;
  /** Only customers whose last visit is at least this many days ago. */
  days?: number;
}

/** Where the win-back of the customer's current lapse episode stands. */
export interface CheckInStatus {
  episodeId: string;
  state: 'not-sent' | 'snoozed' | 'sent' | 'replied' | 'won-back' | 'lost';
  sentAt?: Date;
  reason?: LapseReason;
  /** Staff got in touch themselves (no automatic check-in for this episode). */
  contactedAt?: Date;
  /** Staff held the automatic check-in back until then. */
  snoozedUntil?: Date;
}

/** One row of /lapsed. */
export interface LapsedRow {
  rank: number;
  customerId: string;
  name: string;
  status: CustomerStatus | 'unknown';
  lastVisitAt: Date;
  usualIntervalDays: number | undefined;
  daysSince: number;
  likelihood: Likelihood;
  churn: number | undefined;
  explanation: Explanation;
  lastContactAt: Date | undefined;
  checkIn: CheckInStatus;
  /** The customer visited after the scan: they drop off the list with the next scan. */
  returnedSinceScan: boolean;
}

export interface LapsedPage {
  scan: { id: string; at: Date; method: LapseMethod; fallbackReason?: string };
  /** The summary line: lapsed / active / share lapsed. */
  summary: { lapsed: number; active: number; customers: number; share: number };
  rows: LapsedRow[];
  page: number;
  limit: number;
  /** Customers matching the filters (undefined when the reason filter makes it unknown in advance). */
  total: number | undefined;
  hasMore: boolean;
}

/**
 * The ranked list of lapsed customers for /lapsed, from the last lapse scan: one read of the scan's
 * pointer and of one or two ranked pages by `_id`, then the shown customers and their win-back
 * episodes by `_id`. Null when no scan has run yet.
 */
export async function readLapsedCustomers(
  deps: {
    models: Pick<Models, 'LapseScan' | 'LapseScoreChunk' | 'Customer' | 'WinBack'>;
    calendar: ShopCalendar;
    now: Date;
  },
  query: LapsedQuery = {},
): Promise<LapsedPage | null> {
  const { models, calendar } = deps;
  const limit = Math.min(50, Math.max(1, Math.trunc(query.limit ?? 10)));
  const page = Math.max(1, Math.trunc(query.page ?? 1));
  const offset = (page - 1) * limit;
  const scan = await readCurrentScan(models);
  if (!scan?.counts || !scan.at || !scan.method) return null;
  const today = calendar.dayOf(deps.now);
  const cutoffDay = query.days !== undefined ? today - query.days : undefined;
  const matchesDays = (s: StoredScore) => cutoffDay === undefined || s.lastDay <= cutoffDay;

  let picked: StoredScore[];
  let total: number | undefined;
  if (query.reason !== undefined) {
    picked = await byReason(models, scan._id, scan.buckets ?? 1, lapseReasons[query.reason - 1], calendar);
    picked = picked.filter(matchesDays);
    total = picked.length;
    picked = picked.slice(offset, offset + limit + 1);
  } else if (cutoffDay === undefined) {
    total = scan.counts.lapsed;
    picked = await rankedSlice(models, scan._id, offset, limit + 1, () => true);
  } else {
    const counts = scan.lastVisitCounts ?? [];
    total = (scan.lastVisitDays ?? []).reduce(
      (sum, day, i) => (day <= cutoffDay ? sum + (counts[i] ?? 0) : sum),
      0,
    );
    picked = await rankedSlice(models, scan._id, offset, limit + 1, matchesDays, scan.rankChunks ?? 0);
  }
  const hasMore = picked.length > limit;
  const shown = picked.slice(0, limit);
  const options = scan.options as { churnThreshold: number; overdueMultiple: number };
  const rows = await Promise.all(
    shown.map(async (s): Promise<LapsedRow> => {
      const episodeId = `${s.id}:${calendar.isoDay(s.lapsedSinceDay ?? today)}`;
      const [customer, winBack] = await Promise.all([
        models.Customer.findById(s.id, {
          displayName: 1,
          callName: 1,
          status: 1,
          lastContactAt: 1,
          lastVisitAt: 1,
          externalIds: 1,
        }).lean(),
        models.WinBack.findById(episodeId).lean(),
      ]);
      const daysSince = today - s.lastDay;
      const score = { ...s, daysSince };
      return {
        rank: (s.rank ?? 0) + 1,
        customerId: s.id,
        name: customer?.callName ?? customer?.displayName ?? customer?.externalIds?.[0] ?? s.id,
        status: customer?.status ?? 'unknown',
        lastVisitAt: calendar.startOf(s.lastDay),
        usualIntervalDays: s.intervalDays,
        daysSince,
        likelihood: comeBackLikelihood(score, options),
        churn: s.churn,
        explanation: explainLapse(score, { method: scan.method!, ...options }),
        lastContactAt: customer?.lastContactAt,
        checkIn: checkInStatus(episodeId, winBack, deps.now),
        returnedSinceScan:
          customer?.lastVisitAt !== undefined && calendar.dayOf(customer.lastVisitAt) > s.lastDay,
      };
    }),
  );
  const { lapsed, active, customers } = scan.counts;
  return {
    scan: {
      id: scan._id,
      at: scan.at,
      method: scan.method,
      ...(scan.fallbackReason ? { fallbackReason: scan.fallbackReason } : {}),
    },
    summary: { lapsed, active, customers, share: customers > 0 ? lapsed / customers : 0 },
    rows,
    page,
    limit,
    total,
    hasMore,
  };
}

/** Reads ranked pages from the one holding `offset` on, until `count` matching rows are found. */
async function rankedSlice(
  models: Pick<Models, 'LapseScoreChunk'>,
  scanId: string,
  offset: number,
  count: number,
  matches: (s: StoredScore) => boolean,
  chunks?: number,
): Promise<StoredScore[]> {
  const filtered = chunks !== undefined;
  const found: StoredScore[] = [];
  let skip = filtered ? offset : offset % RANK_CHUNK_SIZE;
  for (let n = filtered ? 0 : Math.floor(offset / RANK_CHUNK_SIZE); ; n++) {
    if (filtered && n >= chunks) break;
    const chunk = await models.LapseScoreChunk.findById(rankChunkId(scanId, n)).lean();
    if (!chunk) break;
    for (const row of chunkLines(chunk.rows)) {
      const s = unpackScore(row);
      if (!matches(s)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      found.push(s);
      if (found.length >= count) return found;
    }
  }
  return found;
}

/** Lapsed customers whose current episode's check-in reply gave `reason`, in rank order. */
async function byReason(
  models: Pick<Models, 'LapseScoreChunk' | 'WinBack'>,
  scanId: string,
  buckets: number,
  reason: LapseReason | undefined,
  calendar: ShopCalendar,
): Promise<StoredScore[]> {
  if (!reason) return [];
  // Only episodes with a reply carry a reason: a small collection, scanned.
  const episodes = await models.WinBack.find({ reason }, { customerId: 1 }).lean();
  const wanted = new Map(episodes.map((e) => [e._id, e.customerId]));
  const byBucket = new Map<number, Set<string>>();
  for (const customerId of wanted.values()) {
    const n = bucketOf(customerId, buckets);
    byBucket.set(n, (byBucket.get(n) ?? new Set()).add(customerId));
  }
  const found: StoredScore[] = [];
  for (const [n, ids] of byBucket) {
    const chunk = await models.LapseScoreChunk.findById(bucketId(scanId, n)).lean();
    for (const row of chunkLines(chunk?.rows ?? '')) {
      const s = unpackScore(row);
      if (!ids.has(s.id) || !s.lapsed || s.lapsedSinceDay === undefined) continue;
      if (wanted.has(`${s.id}:${calendar.isoDay(s.lapsedSinceDay)}`)) found.push(s);
    }
  }
  return found.sort((p, q) => (p.rank ?? 0) - (q.rank ?? 0));
}

function checkInStatus(episodeId: string, winBack: WinBack | null, now: Date): CheckInStatus {
  if (!winBack) return { episodeId, state: 'not-sent' };
  const base = {
    episodeId,
    ...(winBack.checkInSentAt ? { sentAt: winBack.checkInSentAt } : {}),
    ...(winBack.reason ? { reason: winBack.reason } : {}),
    ...(winBack.contactedAt ? { contactedAt: winBack.contactedAt } : {}),
    ...(winBack.snoozedUntil && winBack.snoozedUntil > now ? { snoozedUntil: winBack.snoozedUntil } : {}),
  };
  if (winBack.outcome === 'won-back' || winBack.outcome === 'lost')
    return { ...base, state: winBack.outcome };
  if (winBack.repliedAt || winBack.outcome === 'replied') return { ...base, state: 'replied' };
  if (winBack.checkInSentAt) return { ...base, state: 'sent' };
  if (winBack.snoozedUntil && winBack.snoozedUntil > now) return { ...base, state: 'snoozed' };
  return { ...base, state: 'not-sent' };
}

/** One customer's stored score from the last scan (a read of one bucket by `_id`), or null. */
export async function readCustomerScore(
  models: Pick<Models, 'LapseScan' | 'LapseScoreChunk'>,
  customerId: string,
  scan?: Pick<LapseScan, '_id' | 'buckets'> | null,
): Promise<StoredScore | null> {
  const from = scan === undefined ? await readCurrentScan(models) : scan;
  if (!from) return null;
  const chunk = await models.LapseScoreChunk.findById(
    bucketId(from._id, bucketOf(customerId, from.buckets ?? 1)),
  ).lean();
  const prefix = `[${JSON.stringify(customerId)},`;
  const row = chunkLines(chunk?.rows ?? '').find((line) => line.startsWith(prefix));
  return row ? unpackScore(row) : null;
}
