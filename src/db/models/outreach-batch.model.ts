import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Schema, type Connection, type Model } from 'mongoose';

/** One delivery of a batch as stored: enough to send it again unchanged, with no other read. */
export interface BatchEntry {
  /** The send-ledger key: `<kind>:<period>:<customerId>`. */
  key: string;
  customerId: string;
  period: string;
  ref?: string;
  data?: Record<string, unknown>;
  /** A push's own messages (a multicast's are the batch's `shared`). */
  messages?: Record<string, unknown>[];
}

/** The deliveries of a batch, and the messages all of them share (a multicast). */
export interface BatchPayload {
  entries?: BatchEntry[];
  shared?: Record<string, unknown>[];
}

/**
 * A payload as stored: JSON, compressed, one binary value. The database never looks inside it, and
 * a document with one value instead of thousands costs a fraction to write and read back (on FerretDB
 * as much as the 500 ledger entries of the batch did).
 */
export function packPayload(payload: BatchPayload): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(payload)));
}

export function unpackPayload(packed: Buffer | { buffer: Uint8Array }): BatchPayload {
  const bytes = Buffer.isBuffer(packed) ? packed : Buffer.from(packed.buffer);
  return JSON.parse(inflateRawSync(bytes).toString()) as BatchPayload;
}

/**
 * One fan-out batch (up to 500 customers), inserted with its composed messages before its ledger
 * entries are claimed. A batch is open (an OpenBatch record) until every send of it has an outcome;
 * open batches are what a later run resumes, resending the stored messages unchanged. Keeping the
 * texts here, one document per batch, rather than on every ledger entry, halves what the hot path
 * writes. Housekeeping removes batches after 30 days; forgetting a customer removes their entries.
 */
export interface OutreachBatch {
  _id: string;
  runKey: string;
  kind: string;
  via: 'push' | 'multicast';
  recipients: number;
  /** The packed BatchPayload (see packPayload). */
  packed: Buffer;
  createdAt: Date;
  /**
   * Ledger keys of the batch given back unsent (quiet hours, a shutdown, the monthly limit): a rerun
   * of the run decides about them afresh (see audienceContext), so they are marked before the ledger
   * entries go.
   */
  released?: string[];
}

/** The fields a batch and its open record share: which run made it, of what kind, sent how. */
const batchHeader = {
  _id: { type: String, required: true },
  runKey: { type: String, required: true },
  kind: { type: String, required: true },
  via: { type: String, enum: ['push', 'multicast'], required: true },
} as const;

const outreachBatchSchema = new Schema<OutreachBatch>(
  {
    ...batchHeader,
    recipients: { type: Number, required: true },
    packed: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
    released: { type: [String], default: undefined },
  },
  { collection: 'outreachBatches', versionKey: false, minimize: false },
);

outreachBatchSchema.index({ createdAt: 1 });
outreachBatchSchema.index({ runKey: 1 }); // a rerun reads its own batches

export type OutreachBatchModel = Model<OutreachBatch>;

export function outreachBatchModel(connection: Connection): OutreachBatchModel {
  return connection.model<OutreachBatch>('OutreachBatch', outreachBatchSchema);
}

/**
 * A batch not finished yet: written before its ledger entries are claimed, removed once every send
 * of it has an outcome. A small record of its own (no messages), so a run finds what is open by
 * reading a handful of documents instead of the ledger or the batches' texts.
 */
export interface OpenBatch {
  _id: string;
  runKey: string;
  kind: string;
  via: 'push' | 'multicast';
  /** When the batch was made (its retry keys' age counts from here). */
  at: Date;
  /** Set once its ledger entries are claimed; without it a resume claims them first. */
  claimedAt?: Date;
  /** Ledger keys another run or process had claimed first: not this batch's to send. */
  taken?: string[];
  /**
   * Set before its first send (its claim is done by then): a resume checks the conversation log for
   * outcomes only then.
   */
  startedAt?: Date;
}

const openBatchSchema = new Schema<OpenBatch>(
  {
    ...batchHeader,
    at: { type: Date, required: true },
    claimedAt: Date,
    taken: { type: [String], default: undefined },
    startedAt: Date,
  },
  { collection: 'outreachOpenBatches', versionKey: false },
);

export type OpenBatchModel = Model<OpenBatch>;

export function openBatchModel(connection: Connection): OpenBatchModel {
  return connection.model<OpenBatch>('OpenBatch', openBatchSchema);
}

/**
 * A run that decided about its whole audience and claimed every send it chose, deferring no one: a
 * rerun of it (a restart, a retry after a LINE outage) only finishes its open batches, without
 * reading the audience again. Removed when the run gives claims back (quiet hours, the monthly
 * limit), so a rerun then decides afresh.
 */
export interface PlannedRun {
  _id: string;
  kind: string;
  at: Date;
}

const plannedRunSchema = new Schema<PlannedRun>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'outreachPlannedRuns', versionKey: false },
);

export type PlannedRunModel = Model<PlannedRun>;

export function plannedRunModel(connection: Connection): PlannedRunModel {
  return connection.model<PlannedRun>('PlannedRun', plannedRunSchema);
}
