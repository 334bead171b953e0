import type { LapseScore } from '../retention/lapse-scoring.js';

/** A stored per-customer score: a lapse score plus when the current lapse episode began and its rank. */
export interface StoredScore {
  id: string;
  lastDay: number;
  firstDay: number;
  visits: number;
  intervalDays: number | undefined;
  churn: number | undefined;
  pAlive: number | undefined;
  expectedVisits: number | undefined;
  overdueRatio: number;
  lapsed: boolean;
  /** Shop-local day the current lapse episode began (lapsed customers only). */
  lapsedSinceDay: number | undefined;
  /** Position among lapsed customers, 0 = most likely gone (lapsed customers only). */
  rank: number | undefined;
}

const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1e4) / 1e4);
const back = (v: unknown) => (v === null || v === undefined ? undefined : (v as number));

/**
 * Packs a score into one line of JSON (hundreds of thousands are stored per scan, many to a document;
 * a string rather than nested arrays, which FerretDB does not store).
 */
export function packScore(s: StoredScore): string {
  return JSON.stringify([
    s.id,
    s.lastDay,
    s.firstDay,
    s.visits,
    round(s.intervalDays),
    round(s.churn),
    round(s.pAlive),
    round(s.expectedVisits),
    round(s.overdueRatio),
    s.lapsed ? 1 : 0,
    s.lapsedSinceDay ?? null,
    s.rank ?? null,
  ]);
}

/** Unpacks what packScore stored. */
export function unpackScore(line: string): StoredScore {
  const row = JSON.parse(line) as unknown[];
  return {
    id: row[0] as string,
    lastDay: row[1] as number,
    firstDay: row[2] as number,
    visits: row[3] as number,
    intervalDays: back(row[4]),
    churn: back(row[5]),
    pAlive: back(row[6]),
    expectedVisits: back(row[7]),
    overdueRatio: row[8] as number,
    lapsed: row[9] === 1,
    lapsedSinceDay: back(row[10]),
    rank: back(row[11]),
  };
}

/** A stored score from a fresh lapse score. */
export function storedFrom(s: LapseScore): StoredScore {
  return { ...s, lapsedSinceDay: undefined, rank: undefined };
}

/** Which bucket document holds a customer's score (FNV-1a of the id). */
export function bucketOf(customerId: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

/** Lapsed customers per ranked page document. */
export const RANK_CHUNK_SIZE = 500;

/** The lines of a chunk document's `rows`. */
export const chunkLines = (rows: string) => (rows === '' ? [] : rows.split('\n'));

export const rankChunkId = (scanId: string, n: number) => `${scanId}:r${n}`;
export const bucketId = (scanId: string, n: number) => `${scanId}:b${n}`;
export const episodeChunkId = (scanId: string, n: number) => `${scanId}:e${n}`;
