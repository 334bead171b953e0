import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The kinds of message the shop sends on its own initiative (scheduled or staff-initiated), as
 * opposed to answers in a conversation. Every one of them goes through the contact policy and the
 * send ledger (scheduler/).
 */
export const touchpointKinds = [
  'post-visit-thanks',
  'post-visit-survey',
  'birthday',
  'win-back',
  'seasonal',
  'regular',
  'broadcast',
] as const;

export type TouchpointKind = (typeof touchpointKinds)[number];

/**
 * The send ledger: one entry per customer, touchpoint and period (`_id` =
 * `<kind>:<period>:<customerId>`), inserted before anything is sent. The unique `_id` is what stops a
 * second send, across restarts and processes; the X-Line-Retry-Key derives from the `_id` (a push) or
 * the batch id (a multicast). Entries are insert-only; the composed messages are kept on their
 * OutreachBatch, a send's outcome is its conversation-log entry (`<_id>#<n>`).
 */
export interface SendLedgerEntry {
  _id: string;
  customerId: string;
  kind: TouchpointKind;
  period: string;
  /** What it is about: a visit id, a season, a win-back episode… */
  ref?: string;
  data?: Record<string, unknown>;
  /** The job run that claimed it (a run resumes its unfinished batches). */
  runKey: string;
  batchId: string;
  via: 'push' | 'multicast';
  /** When it was claimed (written before the send). */
  at: Date;
}

const sendLedgerSchema = new Schema<SendLedgerEntry>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, enum: touchpointKinds, required: true },
    period: { type: String, required: true },
    ref: String,
    data: Schema.Types.Mixed,
    runKey: { type: String, required: true },
    batchId: { type: String, required: true },
    via: { type: String, enum: ['push', 'multicast'], required: true },
    at: { type: Date, required: true },
  },
  { collection: 'sendLedger', versionKey: false },
);

sendLedgerSchema.index({ at: 1 });
sendLedgerSchema.index({ customerId: 1, at: -1 });

export type SendLedgerModel = Model<SendLedgerEntry>;

export function sendLedgerModel(connection: Connection): SendLedgerModel {
  return connection.model<SendLedgerEntry>('SendLedgerEntry', sendLedgerSchema);
}
