import { Schema, type Connection, type Model } from 'mongoose';
import { inboxEventFields, type InboxEvent } from './inbox-event.model.js';

/**
 * A webhook event not yet done: a copy of its inbox event, kept while it waits, deleted once it is
 * processed or parked. The worker finds waiting and due events here, never in the inbox (which keeps
 * days of processed events for redelivery checks), so finding work costs as much as the backlog
 * holds, whatever the history. `_id` is the inbox event's `_id` (LINE's `webhookEventId`).
 */
export interface InboxPending extends Omit<InboxEvent, 'status' | 'processedAt' | 'parkedAt'> {
  /** The worker that claimed it last, and until when that claim holds (a takeover waits for it). */
  claimedBy?: string;
  claimedUntil?: Date;
  /** Copied again for a redelivery: the worker checks the inbox event before processing it. */
  recheck?: boolean;
}

const inboxPendingSchema = new Schema<InboxPending>(
  {
    ...inboxEventFields,
    claimedBy: String,
    claimedUntil: Date,
    recheck: Boolean,
  },
  { collection: 'inboxPending', versionKey: false, minimize: false },
);

// On MongoDB these serve the sweep and a customer's lookup; on FerretDB the collection is as small as
// the backlog, so its scan is too.
inboxPendingSchema.index({ nextAttemptAt: 1 });
inboxPendingSchema.index({ userId: 1, eventAt: 1 });

export type InboxPendingModel = Model<InboxPending>;

export function inboxPendingModel(connection: Connection): InboxPendingModel {
  return connection.model<InboxPending>('InboxPending', inboxPendingSchema);
}
