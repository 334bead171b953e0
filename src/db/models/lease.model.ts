import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A short exclusive lease on something (one customer's inbox, a job run). Taking one is an insert, so
 * the unique `_id` decides who holds it on any MongoDB-compatible server. `token` identifies one
 * holding; see src/db/lease.ts for how a holding ends safely.
 */
export interface Lease {
  _id: string;
  owner: string;
  token: string;
  expiresAt: Date;
}

/** The record that a holding (`<key>~<token>`) has ended: whoever inserted it ended it. */
export interface LeaseEnd {
  _id: string;
  at: Date;
}

const leaseSchema = new Schema<Lease>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
);

const leaseEndSchema = new Schema<LeaseEnd>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'leaseEnds', versionKey: false },
);

export type LeaseModel = Model<Lease>;
export type LeaseEndModel = Model<LeaseEnd>;

export function leaseModel(connection: Connection): LeaseModel {
  return connection.model<Lease>('Lease', leaseSchema);
}

export function leaseEndModel(connection: Connection): LeaseEndModel {
  return connection.model<LeaseEnd>('LeaseEnd', leaseEndSchema);
}
