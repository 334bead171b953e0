import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A short exclusive lease on something (one customer's inbox, a job run). Taking one is an insert, so
 * the unique `_id` decides who holds it on any MongoDB-compatible server; a lapsed lease can be
 * taken over.
 */
export interface Lease {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<Lease>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
);

export type LeaseModel = Model<Lease>;

export function leaseModel(connection: Connection): LeaseModel {
  return connection.model<Lease>('Lease', leaseSchema);
}
