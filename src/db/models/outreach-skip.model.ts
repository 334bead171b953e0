import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A touchpoint that was due and not sent, and why (`_id` = `<ledger key>@<shop day>`, one per day):
 * over budget, frequency cap, open complaint, LINE's monthly limit, an unconfirmable earlier attempt.
 * Staff are told; the reason code is the contact policy's.
 */
export interface OutreachSkip {
  _id: string;
  customerId: string;
  kind: string;
  period: string;
  reason: string;
  params?: Record<string, string | number>;
  runKey: string;
  at: Date;
}

const outreachSkipSchema = new Schema<OutreachSkip>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, required: true },
    period: { type: String, required: true },
    reason: { type: String, required: true },
    params: Schema.Types.Mixed,
    runKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'outreachSkips', versionKey: false },
);

outreachSkipSchema.index({ customerId: 1, at: -1 });
outreachSkipSchema.index({ at: 1 });

export type OutreachSkipModel = Model<OutreachSkip>;

export function outreachSkipModel(connection: Connection): OutreachSkipModel {
  return connection.model<OutreachSkip>('OutreachSkip', outreachSkipSchema);
}
