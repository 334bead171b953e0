import { randomBytes } from 'node:crypto';
import type { CustomerStatus, LapseScan as LapseScanDoc, Models } from '../db/models/index.js';
import { releaseLease, takeLease } from '../db/lease.js';
import type { Logger } from '../log.js';
import type { BgNbdParams } from '../retention/bg-nbd.js';
import { firstLapseDay, type LapseRule } from '../retention/customer-timeline.js';
import { scoreCustomersInSlices, type LapseMethod, type LapseOptions } from '../retention/lapse-scoring.js';
import type { ShopCalendar } from '../retention/shop-time.js';
import {
  RANK_CHUNK_SIZE,
  bucketId,
  bucketOf,
  chunkLines,
  episodeChunkId,
  packScore,
  rankChunkId,
  storedFrom,
  unpackScore,
  type StoredScore,
} from './score-rows.js';
import { updateShopFigures } from './shop-figures-update.js';
import { loadCustomerFacts } from './visit-histories.js';

/** A lapse episode that began with this scan: the scheduler sends at most one check-in for it. */
export interface NewLapseEpisode {
  customerId: string;
  /** The WinBack `_id`: `<customerId>:<YYYY-MM-DD the episode began>`. */
  episodeId: string;
  lapsedAt: Date;
  lastVisitAt: Date;
  status: CustomerStatus;
  /** P(no visit within the horizon) for the model; undefined under the overdue rule. */
  churn: number | undefined;
}

export interface LapseScanResult {
  scanId: string;
  method: LapseMethod;
  fallbackReason: string | undefined;
  params: BgNbdParams | undefined;
  counts: { customers: number; lapsed: number; active: number };
  newEpisodes: NewLapseEpisode[];
  /** No earlier scan to compare with: every lapsed customer is "new" (an imported history's backlog). */
  firstScan: boolean;
  countersFixed: number;
  durationMs: number;
}

export interface LapseScanDeps {
  models: Models;
  calendar: ShopCalendar;
  now: Date;
  log?: Logger;
  options?: Partial<LapseOptions>;
}

const BUCKET_TARGET = 500;
const EPISODES_PER_CHUNK = 10_000;
const LEASE_MS = 30 * 60_000;

/**
 * The daily lapse scan: refits the model on the shop's whole history (same-day visits count once),
 * scores every customer, stores the scores (ranked pages of lapsed customers and per-customer buckets)
 * and the shop's monthly figures, then switches readers to the new scan. Returns the lapse episodes
 * that began since the previous scan. An episode lasts until the customer's next visit, even if a
 * refit would now put them just under the threshold, so a customer is never checked in on twice for
 * one absence. Returns null when another process is running the scan.
 */
export async function runLapseScan(deps: LapseScanDeps): Promise<LapseScanResult | null> {
  const { models, now } = deps;
  const lease = await takeLease(models, 'lapse-scan', `scan-${process.pid}`, now, LEASE_MS);
  if (!lease) return null;
  try {
    return await scan(deps);
  } finally {
    await releaseLease(models, lease, now);
  }
}

async function scan(deps: LapseScanDeps): Promise<LapseScanResult> {
  const { models, calendar, now } = deps;
  const started = Date.now();
  const today = calendar.dayOf(now);
  const scanId = `${calendar.isoDay(today)}-${randomBytes(4).toString('hex')}`;
  const { customers, countersFixed } = await loadCustomerFacts(models, calendar);
  const histories = [...customers.values()].filter((c) => c.days.length > 0);
  const result = await scoreCustomersInSlices(histories, today, deps.options);
  const rule: LapseRule = {
    method: result.method,
    params: result.fit?.params,
    options: result.options,
    shopIntervalDays: result.shopIntervalDays,
  };

  const previous = await readCurrentScan(models);
  const previousId = previous?._id;
  const before = previous
    ? await readAllScores(models, previous._id, previous.buckets ?? 0)
    : new Map<string, StoredScore>();

  const newEpisodes: NewLapseEpisode[] = [];
  const stored = result.scores.map((score) => {
    const s = storedFrom(score);
    const earlier = before.get(s.id);
    if (earlier?.lapsed && earlier.lastDay === s.lastDay) {
      s.lapsed = true;
      s.lapsedSinceDay = earlier.lapsedSinceDay;
    } else if (s.lapsed) {
      s.lapsedSinceDay = firstLapseDay(rule, s.visits, s.firstDay, s.lastDay, today) ?? today;
      const facts = customers.get(s.id)!;
      newEpisodes.push({
        customerId: s.id,
        episodeId: `${s.id}:${calendar.isoDay(s.lapsedSinceDay)}`,
        lapsedAt: calendar.startOf(s.lapsedSinceDay),
        lastVisitAt: facts.lastAt!,
        status: facts.status as CustomerStatus,
        churn: s.churn,
      });
    }
    return s;
  });
  const lapsed = stored
    .filter((s) => s.lapsed)
    .sort((p, q) => rankKey(q) - rankKey(p) || q.lastDay - p.lastDay || (p.id < q.id ? -1 : 1));
  lapsed.forEach((s, i) => (s.rank = i));

  const buckets = Math.max(1, Math.ceil(stored.length / BUCKET_TARGET));
  const chunks: { _id: string; scanId: string; rows: string }[] = [];
  for (let n = 0; n * RANK_CHUNK_SIZE < lapsed.length; n++) {
    const rows = lapsed
      .slice(n * RANK_CHUNK_SIZE, (n + 1) * RANK_CHUNK_SIZE)
      .map(packScore)
      .join('\n');
    chunks.push({ _id: rankChunkId(scanId, n), scanId, rows });
  }
  const bucketRows = Array.from({ length: buckets }, () => [] as string[]);
  for (const s of stored) bucketRows[bucketOf(s.id, buckets)]!.push(packScore(s));
  bucketRows.forEach((rows, n) => chunks.push({ _id: bucketId(scanId, n), scanId, rows: rows.join('\n') }));
  // Kept apart from the scan document, which every /lapsed read loads and so must stay small.
  const episodeChunks = Math.ceil(newEpisodes.length / EPISODES_PER_CHUNK);
  for (let n = 0; n < episodeChunks; n++) {
    const ids = newEpisodes
      .slice(n * EPISODES_PER_CHUNK, (n + 1) * EPISODES_PER_CHUNK)
      .map((e) => e.episodeId);
    chunks.push({ _id: episodeChunkId(scanId, n), scanId, rows: ids.join('\n') });
  }
  for (let i = 0; i < chunks.length; i += 20) {
    await models.LapseScoreChunk.collection.insertMany(chunks.slice(i, i + 20) as never[], { ordered: true });
  }

  const histogram = new Map<number, number>();
  for (const s of lapsed) histogram.set(s.lastDay, (histogram.get(s.lastDay) ?? 0) + 1);
  const counts = { customers: stored.length, lapsed: lapsed.length, active: stored.length - lapsed.length };
  await models.LapseScan.create({
    _id: scanId,
    at: now,
    endDay: today,
    method: result.method,
    ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
    ...(result.fit ? { params: result.fit.params, logLikelihood: result.fit.logLikelihood } : {}),
    options: { ...result.options },
    shopIntervalDays: result.shopIntervalDays,
    counts,
    rankChunks: Math.ceil(lapsed.length / RANK_CHUNK_SIZE),
    rankChunkSize: RANK_CHUNK_SIZE,
    buckets,
    lastVisitDays: [...histogram.keys()],
    lastVisitCounts: [...histogram.values()],
    episodeChunks,
    newEpisodeCount: newEpisodes.length,
    firstScan: !previous,
    durationMs: Date.now() - started,
  });
  await updateShopFigures({ models, calendar, now }, customers.values(), rule);
  await models.LapseScan.replaceOne({ _id: 'current' }, { currentScanId: scanId }, { upsert: true });
  await removeOldScans(models, [scanId, ...(previousId ? [previousId] : [])]);

  const durationMs = Date.now() - started;
  deps.log?.info(
    { scanId, method: result.method, ...counts, newEpisodes: newEpisodes.length, durationMs },
    'lapse scan done',
  );
  return {
    scanId,
    method: result.method,
    fallbackReason: result.fallbackReason,
    params: result.fit?.params,
    counts,
    newEpisodes,
    firstScan: !previous,
    countersFixed,
    durationMs,
  };
}

// Lapsed customers rank by the model's expected visits (fewest first) or the overdue ratio.
const rankKey = (s: StoredScore) => (s.expectedVisits !== undefined ? -s.expectedVisits : s.overdueRatio);

/** Every customer's stored score of one scan, by customer id. */
export async function readAllScores(
  models: Pick<Models, 'LapseScoreChunk'>,
  scanId: string,
  buckets: number,
): Promise<Map<string, StoredScore>> {
  const scores = new Map<string, StoredScore>();
  for (let n = 0; n < buckets; n++) {
    const chunk = await models.LapseScoreChunk.findById(bucketId(scanId, n)).lean();
    for (const row of chunkLines(chunk?.rows ?? '')) {
      const s = unpackScore(row);
      scores.set(s.id, s);
    }
  }
  return scores;
}

/** Keeps the chunks of the scans named (the new one, the previous one) and removes the rest. */
async function removeOldScans(models: Pick<Models, 'LapseScan' | 'LapseScoreChunk'>, keep: string[]) {
  // Both collections hold a few hundred documents: their scans are cheap.
  await models.LapseScoreChunk.deleteMany({ scanId: { $nin: keep } });
  await models.LapseScan.deleteMany({ _id: { $nin: ['current', ...keep] } });
}

/**
 * The scan readers currently use and the ids of the lapse episodes that began with it, for a job
 * that restarts after a crash between the scan and its check-ins. Null before the first scan.
 */
export async function currentLapseScan(models: Pick<Models, 'LapseScan' | 'LapseScoreChunk'>) {
  const scan = await readCurrentScan(models);
  if (!scan) return null;
  const newEpisodeIds: string[] = [];
  for (let n = 0; n < (scan.episodeChunks ?? 0); n++) {
    const chunk = await models.LapseScoreChunk.findById(episodeChunkId(scan._id, n)).lean();
    newEpisodeIds.push(...chunkLines(chunk?.rows ?? ''));
  }
  return { scan, newEpisodeIds };
}

/** The scan readers use now (the `current` pointer, then the scan's document), or null before the first. */
export async function readCurrentScan(models: Pick<Models, 'LapseScan'>): Promise<LapseScanDoc | null> {
  const pointer = await models.LapseScan.findById('current').lean();
  return pointer?.currentScanId ? models.LapseScan.findById(pointer.currentScanId).lean() : null;
}
