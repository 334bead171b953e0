import { Schema, type Connection, type Model } from 'mongoose';

/** The messages of a batch: per ledger key for pushes, once for all for a multicast. */
export interface BatchPayload {
  entries?: { key: string; messages: Record<string, unknown>[] }[];
  shared?: Record<string, unknown>[];
}

/**
 * One fan-out batch (up to 500 customers): inserted with the batch's composed messages before its
 * ledger entries are claimed, marked done once every send of it has an outcome in the conversation
 * log. Ledger entries of a batch not done are what a restarted run resumes, resending the stored
 * messages unchanged. Keeping the texts here, one document per batch, rather than on every ledger
 * entry, halves what the hot path writes.
 */
export interface OutreachBatch {
  _id: string;
  runKey: string;
  kind: string;
  via: 'push' | 'multicast';
  recipients: number;
  payload: BatchPayload;
  createdAt: Date;
  sent?: number;
  doneAt?: Date;
}

const outreachBatchSchema = new Schema<OutreachBatch>(
  {
    _id: { type: String, required: true },
    runKey: { type: String, required: true },
    kind: { type: String, required: true },
    via: { type: String, enum: ['push', 'multicast'], required: true },
    recipients: { type: Number, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    sent: Number,
    doneAt: Date,
  },
  { collection: 'outreachBatches', versionKey: false, minimize: false },
);

outreachBatchSchema.index({ createdAt: 1 });

export type OutreachBatchModel = Model<OutreachBatch>;

export function outreachBatchModel(connection: Connection): OutreachBatchModel {
  return connection.model<OutreachBatch>('OutreachBatch', outreachBatchSchema);
}
