import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One run of the lapse scan: the fit, the counts, where its stored scores are, and which lapse
 * episodes began with it. The document `_id: 'current'` names the scan readers use (`currentScanId`),
 * so a scan still being written is never read half-done.
 */
export interface LapseScan {
  _id: string;
  currentScanId?: string;
  at?: Date;
  endDay?: number;
  method?: 'bg-nbd' | 'overdue-rule';
  fallbackReason?: string;
  params?: { r: number; alpha: number; a: number; b: number };
  logLikelihood?: number;
  options?: Record<string, number>;
  shopIntervalDays?: number;
  counts?: { customers: number; lapsed: number; active: number };
  /** How many ranked chunks (lapsed customers, most likely gone first) and score buckets were written. */
  rankChunks?: number;
  rankChunkSize?: number;
  buckets?: number;
  /** Lapsed customers by the shop-local day of their last visit (two parallel lists), for "--days N" totals. */
  lastVisitDays?: number[];
  lastVisitCounts?: number[];
  /** How many documents list the lapse episodes that began with this scan (`<scanId>:e<n>`). */
  episodeChunks?: number;
  newEpisodeCount?: number;
  firstScan?: boolean;
  durationMs?: number;
}

const lapseScanSchema = new Schema<LapseScan>(
  {
    _id: { type: String, required: true },
    currentScanId: String,
    at: Date,
    endDay: Number,
    method: { type: String, enum: ['bg-nbd', 'overdue-rule'] },
    fallbackReason: String,
    params: { type: { r: Number, alpha: Number, a: Number, b: Number }, _id: false },
    logLikelihood: Number,
    options: { type: Schema.Types.Mixed },
    shopIntervalDays: Number,
    counts: { type: { customers: Number, lapsed: Number, active: Number }, _id: false },
    rankChunks: Number,
    rankChunkSize: Number,
    buckets: Number,
    lastVisitDays: { type: [Number], default: undefined },
    lastVisitCounts: { type: [Number], default: undefined },
    episodeChunks: Number,
    newEpisodeCount: Number,
    firstScan: Boolean,
    durationMs: Number,
  },
  { collection: 'lapseScans', versionKey: false },
);

export type LapseScanModel = Model<LapseScan>;

export function lapseScanModel(connection: Connection): LapseScanModel {
  return connection.model<LapseScan>('LapseScan', lapseScanSchema);
}

/**
 * Per-customer scores of one scan, packed many to a document so a scan writes hundreds of documents
 * rather than one per customer: `<scanId>:r<n>` holds the n-th page of lapsed customers in rank
 * order, `<scanId>:b<n>` every customer whose id hashes to bucket n (lookup by customer),
 * `<scanId>:e<n>` the ids of the lapse episodes that began with the scan (one per line).
 */
export interface LapseScoreChunk {
  _id: string;
  scanId: string;
  /** One packed score per line (see src/analytics/score-rows.ts). */
  rows: string;
}

const lapseScoreChunkSchema = new Schema<LapseScoreChunk>(
  {
    _id: { type: String, required: true },
    scanId: { type: String, required: true },
    rows: { type: String, default: '' },
  },
  { collection: 'lapseScoreChunks', versionKey: false },
);

export type LapseScoreChunkModel = Model<LapseScoreChunk>;

export function lapseScoreChunkModel(connection: Connection): LapseScoreChunkModel {
  return connection.model<LapseScoreChunk>('LapseScoreChunk', lapseScoreChunkSchema);
}
