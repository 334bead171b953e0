import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A finished fan-out batch: inserted once every send of the batch has an outcome in the conversation
 * log. Ledger entries whose batch has no such record are what a restarted run resumes.
 */
export interface OutreachBatch {
  _id: string;
  runKey: string;
  kind: string;
  recipients: number;
  sent: number;
  doneAt: Date;
}

const outreachBatchSchema = new Schema<OutreachBatch>(
  {
    _id: { type: String, required: true },
    runKey: { type: String, required: true },
    kind: { type: String, required: true },
    recipients: { type: Number, required: true },
    sent: { type: Number, required: true },
    doneAt: { type: Date, required: true },
  },
  { collection: 'outreachBatches', versionKey: false },
);

outreachBatchSchema.index({ doneAt: 1 });

export type OutreachBatchModel = Model<OutreachBatch>;

export function outreachBatchModel(connection: Connection): OutreachBatchModel {
  return connection.model<OutreachBatch>('OutreachBatch', outreachBatchSchema);
}
