import { Schema, type Connection, type Model } from 'mongoose';

/** The lists kept ready for one customer, each of ids of records in another collection. */
export const activitySections = [
  /** WinBack `_id`s (lapse episodes). */
  'episodes',
  /** Agenda job `_id`s (hex) of post-visit follow-ups not yet run. */
  'followUps',
  /** ComplaintCase `_id`s (open when added; read back to see whether still open). */
  'cases',
  /** Survey `_id`s the customer rated. */
  'ratings',
  /** Message `_id`s of the conversation log, oldest first. */
  'messages',
  /** Send-ledger keys, oldest first. */
  'sends',
  /** OutreachSkip `_id`s (`<ledger key>@<shop day>`), oldest first. */
  'skips',
] as const;
export type ActivitySection = (typeof activitySections)[number];

/**
 * One list of what hot paths read about a customer, kept ready by `_id` (`<section>:<customerId>`) so
 * their cost does not grow with the message log, the send ledger or Agenda's jobs (FerretDB scans any
 * other filter). One document per list, so writers of different lists never touch the same document
 * (FerretDB's update reads, then replaces). Only ids of records held elsewhere, no personal words:
 * readers fetch each record by `_id` and ignore ids whose record is gone. `filled` says the list was
 * read once from its collection (the lazy backfill for customers older than these documents).
 */
export interface CustomerActivity {
  _id: string;
  customerId: string;
  section: ActivitySection;
  filled?: boolean;
  ids: string[];
}

const customerActivitySchema = new Schema<CustomerActivity>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    section: { type: String, required: true, enum: activitySections },
    filled: Boolean,
    ids: [String],
  },
  { collection: 'customerActivity', versionKey: false },
);

export type CustomerActivityModel = Model<CustomerActivity>;

export function customerActivityModel(connection: Connection): CustomerActivityModel {
  return connection.model<CustomerActivity>('CustomerActivity', customerActivitySchema);
}

/** The `_id` of a customer's list. */
export function activityId(section: ActivitySection, customerId: string): string {
  return `${section}:${customerId}`;
}
