import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Customer, Models, Referral } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import { DAY_MS } from '../retention/shop-time.js';

// No 0/O, 1/I: a code is read off a phone screen and may be typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE = /^(?=.*[A-Z])(?=.*\d)[A-HJ-NP-Z2-9]{6}$/;
const PREFIX = /^(?:紹介コード|ご紹介コード|紹介)[:：]?/;

/** The text a friend sends to be credited (the chat link types it in for them). */
export const referralMessage = (code: string) => `紹介コード ${code}`;

/** A friend who sends a code within this many days of following counts as brought by it. */
const NEW_FRIEND_DAYS = 30;

/**
 * The referral code in a message: `紹介コード ABC234` (explicit) or the bare code (a candidate, taken
 * only if it is someone's code). Any width or case, spaces ignored.
 */
export function referralCodeIn(text: string): { code: string; explicit: boolean } | undefined {
  const compact = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s「」]/g, '');
  const explicit = PREFIX.test(compact);
  // The prefix first: its ー belongs to コード, while in the code a dash is only a separator.
  const code = compact.replace(PREFIX, '').replace(/[-‐－ー]/g, '');
  return CODE.test(code) ? { code, explicit } : undefined;
}

/** What became of a code a customer sent. */
export type CreditOutcome =
  | { outcome: 'credited' | 'already'; referrerId: string }
  | { outcome: 'unknown' | 'own' | 'not-new' | 'other-referrer' };

/** Where a customer stands: who brought them, how many they brought, their code. */
export interface ReferralStanding {
  referredBy: Referral | null;
  brought: Referral[];
  code: string | undefined;
}

/**
 * Referrals, counted: each customer's personal code (`referralCodes`, `_id` = code), and who brought
 * whom (`referrals`, `_id` = the new customer: one referrer each, decided by the unique insert).
 */
export class Referrals {
  constructor(
    private readonly deps: { models: Pick<Models, 'Customer' | 'Referral' | 'ReferralCode'>; clock: Clock },
  ) {}

  /** The customer's code, issued on first use (a race issues two codes, both theirs). */
  async codeOf(customer: Pick<Customer, '_id' | 'referralCode'>): Promise<string> {
    if (customer.referralCode) return customer.referralCode;
    const { ReferralCode, Customer } = this.deps.models;
    for (;;) {
      const code = newCode();
      try {
        await ReferralCode.create({ _id: code, customerId: customer._id, createdAt: this.deps.clock.now() });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await Customer.updateOne(
        { _id: customer._id, referralCode: { $exists: false } },
        { $set: { referralCode: code } },
      );
      const stored = await Customer.findById(customer._id, { referralCode: 1 }).lean();
      return stored?.referralCode ?? code;
    }
  }

  /** Whether a code was issued (a bare code in a message is one only if so). */
  async exists(code: string): Promise<boolean> {
    return (await this.deps.models.ReferralCode.exists({ _id: code })) !== null;
  }

  /**
   * Credits the code's owner with bringing `friend`: once per new customer (a friend of the last 30
   * days), never their own code. Sending the same code again is `already` (idempotent).
   */
  async credit(friend: Pick<Customer, '_id' | 'followedAt'>, code: string): Promise<CreditOutcome> {
    const { Referral, ReferralCode } = this.deps.models;
    const owner = await ReferralCode.findById(code).lean();
    if (!owner) return { outcome: 'unknown' };
    if (owner.customerId === friend._id) return { outcome: 'own' };
    const earlier = await Referral.findById(friend._id).lean();
    if (earlier) {
      return earlier.referrerId === owner.customerId
        ? { outcome: 'already', referrerId: owner.customerId }
        : { outcome: 'other-referrer' };
    }
    const now = this.deps.clock.now();
    if (!friend.followedAt || now.getTime() - friend.followedAt.getTime() > NEW_FRIEND_DAYS * DAY_MS) {
      return { outcome: 'not-new' };
    }
    try {
      await Referral.create({ _id: friend._id, referrerId: owner.customerId, code, at: now });
      return { outcome: 'credited', referrerId: owner.customerId };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return this.credit(friend, code);
    }
  }

  /**
   * Who brought the customer and whom they brought. The second read scans the referrals on FerretDB:
   * for the customer card only (referrals are a few a month).
   */
  async standing(customer: Pick<Customer, '_id' | 'referralCode'>): Promise<ReferralStanding> {
    const [referredBy, brought] = await Promise.all([
      this.deps.models.Referral.findById(customer._id).lean(),
      this.deps.models.Referral.find({ referrerId: customer._id }).sort({ at: -1 }).lean(),
    ]);
    return { referredBy, brought, code: customer.referralCode };
  }
}

function newCode(): string {
  for (;;) {
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (CODE.test(code)) return code;
  }
}
