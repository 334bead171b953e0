import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A record from an imported visit history whose person was forgotten (/forget): `_id` is the
 * HMAC-SHA256 of its history id (`ext:<source>:<id there>`) under the shop's `import-tombstone`
 * secret, so a later import of the same file skips that person without the id being kept in the clear.
 */
export interface ImportTombstone {
  _id: string;
  at: Date;
}

const importTombstoneSchema = new Schema<ImportTombstone>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'importTombstones', versionKey: false },
);

export type ImportTombstoneModel = Model<ImportTombstone>;

export function importTombstoneModel(connection: Connection): ImportTombstoneModel {
  return connection.model<ImportTombstone>('ImportTombstone', importTombstoneSchema);
}
