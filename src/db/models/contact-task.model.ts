import { Schema, type Connection, type Model } from 'mongoose';

/** A call to a lapsed customer, or a birthday card by post. */
export type ContactTaskKind = 'call' | 'card';
export type ContactTaskStatus = 'open' | 'done' | 'not-needed';

/**
 * Something staff do for a customer LINE cannot reach (no LINE, or blocked): listed weekly in the
 * staff channel. `_id` is `call:<lapse episode>` (once per absence) or `card:<year>:<customerId>`
 * (once a year), so the weekly job never lists one twice. A task done counts as a contact.
 */
export interface ContactTask {
  _id: string;
  customerId: string;
  kind: ContactTaskKind;
  status: ContactTaskStatus;
  /** The shop day of the weekly list that first showed it. */
  listedOn: string;
  /** For a birthday card: the birthday it is for (`YYYY-MM-DD`). */
  due?: string;
  createdAt: Date;
  doneAt?: Date;
  doneBy?: string;
}

const contactTaskSchema = new Schema<ContactTask>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, enum: ['call', 'card'], required: true },
    status: { type: String, enum: ['open', 'done', 'not-needed'], required: true },
    listedOn: { type: String, required: true },
    due: String,
    createdAt: { type: Date, required: true },
    doneAt: Date,
    doneBy: String,
  },
  { collection: 'contactTasks', versionKey: false },
);

contactTaskSchema.index({ customerId: 1 });

export type ContactTaskModel = Model<ContactTask>;

export function contactTaskModel(connection: Connection): ContactTaskModel {
  return connection.model<ContactTask>('ContactTask', contactTaskSchema);
}
