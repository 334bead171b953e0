import { Schema, type Connection, type Model } from 'mongoose';

/** The three usual reasons a customer stopped coming, plus "something else". */
export type LapseReason = 'timing' | 'problem' | 'changed' | 'other';
export type WinBackOutcome = 'pending' | 'replied' | 'won-back' | 'lost';

/**
 * One lapse episode of one customer and what the shop did about it: `_id` is
 * `<customerId>:<YYYY-MM-DD the episode began>`, so a check-in is sent at most once per episode.
 * "Won back" means a visit within the win-back window after the check-in.
 */
export interface WinBack {
  _id: string;
  customerId: string;
  lapsedAt: Date;
  checkInSentAt?: Date;
  reason?: LapseReason;
  /** Free text the customer wrote (reason "other", or what went wrong). */
  replyText?: string;
  repliedAt?: Date;
  outcome: WinBackOutcome;
  wonBackAt?: Date;
  /** Staff chose to wait (Slack /lapsed): the lapse-scan job sends no check-in before this time. */
  snoozedUntil?: Date;
  /** Staff contacted the customer themselves (Slack /lapsed): the job never sends this episode's check-in. */
  contactedAt?: Date;
  contactedBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

const winBackSchema = new Schema<WinBack>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    lapsedAt: { type: Date, required: true },
    checkInSentAt: Date,
    reason: { type: String, enum: ['timing', 'problem', 'changed', 'other'] },
    replyText: { type: String, maxlength: 2000 },
    repliedAt: Date,
    outcome: { type: String, enum: ['pending', 'replied', 'won-back', 'lost'], required: true },
    wonBackAt: Date,
    snoozedUntil: Date,
    contactedAt: Date,
    contactedBy: String,
  },
  { collection: 'winBacks', timestamps: true, versionKey: false },
);

winBackSchema.index({ customerId: 1, lapsedAt: -1 });
winBackSchema.index({ outcome: 1, checkInSentAt: 1 });

export type WinBackModel = Model<WinBack>;

export function winBackModel(connection: Connection): WinBackModel {
  return connection.model<WinBack>('WinBack', winBackSchema);
}
