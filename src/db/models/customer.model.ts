import { Schema, type Connection, type Model } from 'mongoose';

/** A customer's birthday; the year is optional (many people prefer not to give it). */
export interface Birthday {
  month: number;
  day: number;
  year?: number;
}

/** An internal note a staff member wrote about the customer. */
export interface StaffNote {
  text: string;
  by: string;
  at: Date;
}

export type CustomerStatus = 'following' | 'blocked' | 'unlinked';

/**
 * One customer of the shop. `_id` is the LINE user id for LINE friends (so it is unique by
 * construction and every lookup from a webhook is a primary-key read); customers known only from
 * imported visit history have `_id` = `ext:<source>:<their id there>` and status `unlinked` until
 * they are linked to a LINE friend.
 */
export interface Customer {
  _id: string;
  lineUserId?: string;
  /** The name on the customer's LINE profile. */
  displayName?: string;
  /** How the customer asked the shop to call them. */
  callName?: string;
  status: CustomerStatus;
  /** Why a customer cannot be reached: they unfollowed, or LINE refused a send to them. */
  unreachableReason?: 'unfollowed' | 'send-failed';
  followedAt?: Date;
  unfollowedAt?: Date;
  birthday?: Birthday;
  tags: string[];
  notes: StaffNote[];
  /** The customer asked not to receive marketing (news, greetings); replies and follow-ups still go. */
  marketingOptOut: boolean;
  /** When the customer was asked whether they would like occasional news (asked once). */
  newsConsentAskedAt?: Date;
  /** The customer chose not to give their birthday: never asked again. */
  birthdaySkippedAt?: Date;
  /** When the welcome questions (name, birthday, news) were finished or set aside. */
  onboardedAt?: Date;
  /** Ids of this customer in imported visit histories (`<source>:<id there>`), kept after linking. */
  externalIds: string[];
  lastContactAt?: Date;
  firstVisitAt?: Date;
  lastVisitAt?: Date;
  visitCount: number;
  language?: string;
  /** For a history-only record linked to a LINE friend: that friend's customer id (its visits moved there). */
  linkedTo?: string;
  /** Phone number, digits only (`09012345678`): from an import or typed in chat. Personal data. */
  phone?: string;
  email?: string;
  /** Postal code as printed on a postcard (`123-4567`) and the address: for postcards. Personal data. */
  postalCode?: string;
  address?: string;
  /**
   * A random token naming the customer in their check-in visits' keys (`checkin:<day>:<token>`), so
   * those keys — and the survey and case ids derived from them — lead to no one once they are forgotten.
   */
  checkInToken?: string;
  /** The menu of the last visit recorded with one (the newsletter's `{lastService}`). */
  lastMenu?: string;
  /** The customer's personal referral code (issued with the first referral ask). */
  referralCode?: string;
  /** Staff marked the customer as in mourning (喪中): no New Year greeting, 寒中見舞い instead. */
  mourningMarkedAt?: Date;
  /** When the survey last asked what they would like from the shop. */
  wishAskedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const birthdaySchema = new Schema<Birthday>(
  {
    month: { type: Number, required: true, min: 1, max: 12 },
    day: { type: Number, required: true, min: 1, max: 31 },
    year: { type: Number, min: 1900, max: 2100 },
  },
  { _id: false },
);

const staffNoteSchema = new Schema<StaffNote>(
  {
    text: { type: String, required: true, maxlength: 2000 },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const customerSchema = new Schema<Customer>(
  {
    _id: { type: String, required: true },
    lineUserId: { type: String },
    displayName: { type: String, maxlength: 100 },
    callName: { type: String, maxlength: 40 },
    status: { type: String, enum: ['following', 'blocked', 'unlinked'], required: true },
    unreachableReason: { type: String, enum: ['unfollowed', 'send-failed'] },
    followedAt: Date,
    unfollowedAt: Date,
    birthday: { type: birthdaySchema },
    tags: { type: [String], default: [] },
    notes: { type: [staffNoteSchema], default: [] },
    marketingOptOut: { type: Boolean, default: false },
    newsConsentAskedAt: Date,
    birthdaySkippedAt: Date,
    onboardedAt: Date,
    externalIds: { type: [String], default: [] },
    lastContactAt: Date,
    firstVisitAt: Date,
    lastVisitAt: Date,
    visitCount: { type: Number, default: 0, min: 0 },
    language: String,
    linkedTo: String,
    phone: { type: String, maxlength: 15 },
    email: { type: String, maxlength: 254 },
    postalCode: { type: String, maxlength: 8 },
    address: { type: String, maxlength: 200 },
    checkInToken: { type: String, maxlength: 32 },
    lastMenu: { type: String, maxlength: 100 },
    referralCode: String,
    mourningMarkedAt: Date,
    wishAskedAt: Date,
  },
  { collection: 'customers', timestamps: true, versionKey: false },
);

customerSchema.index({ status: 1, lastVisitAt: 1 });
customerSchema.index({ 'birthday.month': 1, 'birthday.day': 1 });
customerSchema.index({ lastContactAt: 1 });
customerSchema.index({ tags: 1 });

export type CustomerModel = Model<Customer>;

export function customerModel(connection: Connection): CustomerModel {
  return connection.model<Customer>('Customer', customerSchema);
}
