import { Schema, type Connection, type Model } from 'mongoose';

/** The lists a customer's activity document keeps, each of ids of records in another collection. */
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
 * What hot paths read about one customer, kept ready by `_id` (the customer id) so their cost does
 * not grow with the message log, the send ledger or Agenda's jobs (FerretDB scans any other filter).
 * Only ids of records held elsewhere, no personal words: readers fetch each record by `_id` and
 * ignore ids whose record is gone. `filled` names the sections already read once from their
 * collection (the lazy backfill for customers older than this document; see docs/hot-paths.md).
 */
export type CustomerActivity = { _id: string; filled?: ActivitySection[] } & Partial<
  Record<ActivitySection, string[]>
>;

const customerActivitySchema = new Schema<CustomerActivity>(
  {
    _id: { type: String, required: true },
    filled: [String],
    ...Object.fromEntries(activitySections.map((section) => [section, [String]])),
  },
  { collection: 'customerActivity', versionKey: false },
);

export type CustomerActivityModel = Model<CustomerActivity>;

export function customerActivityModel(connection: Connection): CustomerActivityModel {
  return connection.model<CustomerActivity>('CustomerActivity', customerActivitySchema);
}
