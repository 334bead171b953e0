import { Schema, type Connection, type Model } from 'mongoose';

export type InboxStatus = 'pending' | 'processing' | 'done' | 'parked';

/**
 * A LINE webhook event, stored before the webhook is acknowledged. `_id` is LINE's
 * `webhookEventId`, so a redelivery or a duplicate POST finds the event already there and is not
 * processed again.
 */
export interface InboxEvent {
  _id: string;
  type: string;
  sourceType: string;
  /** The LINE user the event is about (absent for group or room events without one). */
  userId?: string;
  /** When LINE says the event happened. */
  eventAt: Date;
  receivedAt: Date;
  redelivery: boolean;
  /** The raw event as LINE sent it. */
  payload: Record<string, unknown>;
  status: InboxStatus;
  attempts: number;
  /** When it was first due (the worker's live state is its InboxPending copy). */
  nextAttemptAt: Date;
  lastError?: { code: string; message: string; at: Date };
  processedAt?: Date;
  parkedAt?: Date;
}

/** The fields an event and its waiting copy (inbox-pending.model.ts) share. */
export const inboxEventFields = {
  _id: { type: String, required: true },
  type: { type: String, required: true },
  sourceType: { type: String, required: true },
  userId: String,
  eventAt: { type: Date, required: true },
  receivedAt: { type: Date, required: true },
  redelivery: { type: Boolean, default: false },
  payload: { type: Schema.Types.Mixed, required: true },
  attempts: { type: Number, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  lastError: { type: { code: String, message: String, at: Date }, _id: false },
};

const inboxEventSchema = new Schema<InboxEvent>(
  {
    ...inboxEventFields,
    status: { type: String, enum: ['pending', 'processing', 'done', 'parked'], required: true },
    processedAt: Date,
    parkedAt: Date,
  },
  { collection: 'inboxEvents', versionKey: false, minimize: false },
);

// Off the hot path only: pruning by age and the hourly check for events stored without a pending copy.
inboxEventSchema.index({ status: 1, receivedAt: 1 });
inboxEventSchema.index({ receivedAt: 1 });
inboxEventSchema.index({ userId: 1, eventAt: 1 });

export type InboxEventModel = Model<InboxEvent>;

export function inboxEventModel(connection: Connection): InboxEventModel {
  return connection.model<InboxEvent>('InboxEvent', inboxEventSchema);
}
