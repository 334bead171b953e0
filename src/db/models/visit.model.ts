import { Schema, Types, type Connection, type Model } from 'mongoose';

/**
 * One visit (a purchase, an appointment, a job done): the transactions that lapse detection and the
 * post-visit follow-ups are built on. `_id` is a stable key, so recording the same visit twice (an
 * import run again, a retried command) keeps one.
 */
export interface Visit {
  _id: string;
  customerId: string;
  at: Date;
  menu?: string;
  /** Amount paid, in the shop's currency's smallest unit (yen). */
  amount?: number;
  staff?: string;
  source: 'staff' | 'import' | 'sandbox' | 'check-in';
  createdAt: Date;
  updatedAt: Date;
}

const visitSchema = new Schema<Visit>(
  {
    _id: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
    customerId: { type: String, required: true },
    at: { type: Date, required: true },
    menu: { type: String, maxlength: 100 },
    amount: { type: Number, min: 0 },
    staff: { type: String, maxlength: 60 },
    source: { type: String, enum: ['staff', 'import', 'sandbox', 'check-in'], required: true },
  },
  { collection: 'visits', timestamps: true, versionKey: false },
);

visitSchema.index({ customerId: 1, at: -1 });
visitSchema.index({ at: 1 });

export type VisitModel = Model<Visit>;

export function visitModel(connection: Connection): VisitModel {
  return connection.model<Visit>('Visit', visitSchema);
}
