import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What remains of a customer whose personal data was deleted on request (/forget): `_id` is
 * `forgotten:<random token>` — the token their anonymised visits, ratings and cases now carry, which
 * leads back to no one — with when and which staff member. Counting these documents is the anonymous
 * count. While an erasure runs, `erasing:<customerId>` holds its token, so a retry after a crash
 * continues with the same one; it is removed when the erasure is done.
 */
export interface Erasure {
  _id: string;
  token: string;
  startedAt: Date;
  finishedAt?: Date;
  /** The Slack user id of the staff member who confirmed it. */
  requestedBy: string;
  /** How many records each step deleted or anonymised. */
  counts?: Record<string, number>;
}

const erasureSchema = new Schema<Erasure>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    requestedBy: { type: String, required: true },
    counts: { type: Schema.Types.Mixed },
  },
  { collection: 'erasures', versionKey: false },
);

export type ErasureModel = Model<Erasure>;

export function erasureModel(connection: Connection): ErasureModel {
  return connection.model<Erasure>('Erasure', erasureSchema);
}
