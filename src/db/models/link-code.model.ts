import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A one-time code that links a customer known only from visit history to the LINE friend who sends
 * it. `_id` is the code itself, so issuing one is a unique insert and redeeming it is a read by `_id`.
 */
export interface LinkCode {
  _id: string;
  /** The history-only customer (`ext:<source>:<id>`). */
  customerId: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
  usedBy?: string;
}

const linkCodeSchema = new Schema<LinkCode>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    usedBy: String,
  },
  { collection: 'linkCodes', versionKey: false },
);

export type LinkCodeModel = Model<LinkCode>;

export function linkCodeModel(connection: Connection): LinkCodeModel {
  return connection.model<LinkCode>('LinkCode', linkCodeSchema);
}
