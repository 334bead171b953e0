import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Something the scheduler did once, keyed by what it was (`occurrence:birthday:2027-05-10`,
 * `alert:quota-low:2027-05`): inserting the `_id` is the claim, so a second process or a rerun
 * finds it done.
 */
export interface JobRun {
  _id: string;
  at: Date;
}

/** The LINE plan's quota for a month (`_id` = `YYYY-MM`), as last read from LINE. */
export interface LineQuota {
  _id: string;
  /** null: the plan has no limit. */
  limit: number | null;
  used: number;
  readAt: Date;
  /** The last forecast of the month's remaining demand per touchpoint kind, and when it was made. */
  forecast?: Record<string, number>;
  forecastAt?: Date;
}

/** The daily lapse scan's figures (`_id` = the shop day), for staff and the analytics views. */
export interface LapseRun {
  _id: string;
  at: Date;
  /** How lapses were judged: 'bg-nbd' (fitted) or 'overdue-rule' (too little history to fit). */
  model: string;
  /** The analytics scan (LapseScan `_id`) the run used. */
  scanId?: string;
  fallbackReason?: string;
  scanned: number;
  lapsed: number;
  newlyLapsed: number;
  checkInsSent: number;
  skipped: Record<string, number>;
}

const jobRunSchema = new Schema<JobRun>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'jobRuns', versionKey: false },
);
jobRunSchema.index({ at: 1 });

const lineQuotaSchema = new Schema<LineQuota>(
  {
    _id: { type: String, required: true },
    limit: { type: Number, default: null },
    used: { type: Number, required: true },
    readAt: { type: Date, required: true },
    forecast: Schema.Types.Mixed,
    forecastAt: Date,
  },
  { collection: 'lineQuota', versionKey: false },
);

const lapseRunSchema = new Schema<LapseRun>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    model: { type: String, required: true },
    scanId: String,
    fallbackReason: String,
    scanned: { type: Number, required: true },
    lapsed: { type: Number, required: true },
    newlyLapsed: { type: Number, required: true },
    checkInsSent: { type: Number, required: true },
    skipped: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'lapseRuns', versionKey: false, minimize: false },
);

export type JobRunModel = Model<JobRun>;
export type LineQuotaModel = Model<LineQuota>;
export type LapseRunModel = Model<LapseRun>;

export function jobRunModel(connection: Connection): JobRunModel {
  return connection.model<JobRun>('JobRun', jobRunSchema);
}

export function lineQuotaModel(connection: Connection): LineQuotaModel {
  return connection.model<LineQuota>('LineQuota', lineQuotaSchema);
}

export function lapseRunModel(connection: Connection): LapseRunModel {
  return connection.model<LapseRun>('LapseRun', lapseRunSchema);
}
