import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Who brought whom: `_id` is the new customer's id, so a customer has at most one referrer (the
 * unique insert decides, on any server). `referrerId` is the customer whose code they sent.
 */
export interface Referral {
  _id: string;
  referrerId: string;
  code: string;
  at: Date;
  /** Set while the referrer's thanks waits for the quiet hours to end (the `referral-thanks` job). */
  thanksDueAt?: Date;
}

/** A customer's personal referral code (`_id` is the code, so a typed code is found by `_id`). */
export interface ReferralCode {
  _id: string;
  customerId: string;
  createdAt: Date;
}

const referralSchema = new Schema<Referral>(
  {
    _id: { type: String, required: true },
    referrerId: { type: String, required: true },
    code: { type: String, required: true },
    at: { type: Date, required: true },
    thanksDueAt: { type: Date },
  },
  { collection: 'referrals', versionKey: false },
);
referralSchema.index({ referrerId: 1 });

const referralCodeSchema = new Schema<ReferralCode>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'referralCodes', versionKey: false },
);
referralCodeSchema.index({ customerId: 1 });

export type ReferralModel = Model<Referral>;
export type ReferralCodeModel = Model<ReferralCode>;

export function referralModel(connection: Connection): ReferralModel {
  return connection.model<Referral>('Referral', referralSchema);
}

export function referralCodeModel(connection: Connection): ReferralCodeModel {
  return connection.model<ReferralCode>('ReferralCode', referralCodeSchema);
}
