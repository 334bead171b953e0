import { randomBytes } from 'node:crypto';
import { shopSecret } from '../db/shop-secrets.js';
import type { Clock } from '../clock.js';
import { deleteVisit } from '../customers/visits.js';
import type { Customer, Models, Visit } from '../db/models/index.js';
import type { ChatLinks } from '../line/chat-links.js';
import type { Logger } from '../log.js';
import { atShopTime, shopDayOf, type ShopDay } from '../retention/shop-time.js';
import type { StaffNotices } from '../staff/staff-notices.js';
import { unmarkWonBack } from '../win-back/win-back-episodes.js';
import { checkInCode, checkInMessage, judgeCheckInCode } from './check-in-code.js';
import { recordVisitAndFollowUp, type VisitFollowUpDeps } from './visit-follow-up.js';

export interface CheckInsDeps {
  models: Pick<Models, 'ShopSecret' | 'Visit' | 'Customer' | 'WinBack' | 'CustomerActivity'>;
  scheduler: VisitFollowUpDeps['scheduler'] & { cancelPostVisit(visitId: string): Promise<number> };
  chatLinks: Pick<ChatLinks, 'prefilledMessage'>;
  notices: Pick<StaffNotices, 'checkedIn'>;
  timezone: string;
  winBackWindowDays: number;
  /** Tell the staff channel about each check-in (CHECK_IN_NOTIFY_STAFF). */
  notifyStaff: boolean;
  clock: Clock;
  log: Logger;
}

export type CheckInOutcome =
  | { outcome: 'recorded'; visit: Visit }
  | { outcome: 'already'; visit: Visit }
  | { outcome: 'expired' | 'wrong' };

/** Today's counter QR: the code, the message it types and the link it opens. */
export interface TodaysCheckIn {
  day: ShopDay;
  code: string;
  message: string;
  url: string;
}

/** A check-in visit's key: one per customer (their check-in token) and shop day, whatever they send. */
export const checkInVisitKey = (day: ShopDay, token: string) => `checkin:${day}:${token}`;
const CHECK_IN_KEY = /^checkin:\d{4}-\d\d-\d\d:[0-9a-f]{16}$/;

/**
 * Check-in from LINE: the counter shows a QR that opens the shop's chat with 「来店チェックイン ABC234」
 * typed in; the code changes every shop day (an HMAC of the day with a secret the database made
 * for itself), so a photo taken home is useless tomorrow. A valid code records the visit once per
 * customer and day (the visit's `_id`), with the thank-you and survey /visit schedules.
 */
export class CheckIns {
  private secretRead: Promise<string> | undefined;

  constructor(private readonly deps: CheckInsDeps) {}

  /** Today's code and the pre-filled-message link for the counter QR. */
  async today(now = this.deps.clock.now()): Promise<TodaysCheckIn> {
    const day = shopDayOf(now, this.deps.timezone);
    const code = checkInCode(await this.secret(), day);
    const message = checkInMessage(code);
    return { day, code, message, url: await this.deps.chatLinks.prefilledMessage(message) };
  }

  /** A customer sent a check-in code: records the visit (once a day) or says why not. */
  async checkIn(customer: Customer, code: string, now: Date): Promise<CheckInOutcome> {
    const verdict = judgeCheckInCode(await this.secret(), code, now, this.deps.timezone);
    if (!verdict.valid) return { outcome: verdict.reason };
    const today = shopDayOf(now, this.deps.timezone);
    // Yesterday's code in the grace after midnight: the visit belongs to the day the code was for.
    const at = verdict.day === today ? now : atShopTime(verdict.day, '23:59', this.deps.timezone);
    const recorded = await recordVisitAndFollowUp(this.deps, {
      key: checkInVisitKey(verdict.day, await this.tokenOf(customer)),
      customerId: customer._id,
      at,
      source: 'check-in',
    });
    if (!recorded.created) return { outcome: 'already', visit: recorded.visit };
    if (this.deps.notifyStaff) await this.deps.notices.checkedIn({ customer, visit: recorded.visit });
    return { outcome: 'recorded', visit: recorded.visit };
  }

  /**
   * Staff undo a check-in: the visit and its scheduled thank-you and survey go, and a lapse episode
   * it had won back is no longer counted as won back.
   */
  async undo(visitId: string): Promise<{ undone: boolean; customerId?: string }> {
    if (!CHECK_IN_KEY.test(visitId)) return { undone: false };
    const cancelled = await this.deps.scheduler.cancelPostVisit(visitId);
    const { deleted, visit } = await deleteVisit(this.deps.models, visitId);
    const unwon =
      deleted && visit ? await unmarkWonBack(this.deps.models, visit, this.deps.winBackWindowDays) : 0;
    this.deps.log.info({ visitId, cancelled, deleted, unwon }, 'check-in undone by staff');
    return { undone: deleted, ...(visit ? { customerId: visit.customerId } : {}) };
  }

  /** The customer's check-in token: made on their first check-in (the first writer's stands). */
  private async tokenOf(customer: Customer): Promise<string> {
    if (customer.checkInToken) return customer.checkInToken;
    const { Customer } = this.deps.models;
    await Customer.updateOne(
      { _id: customer._id, checkInToken: { $exists: false } },
      { $set: { checkInToken: randomBytes(8).toString('hex') } },
    );
    return (await Customer.findById(customer._id, { checkInToken: 1 }).lean())!.checkInToken!;
  }

  /** The shop's check-in secret: made once (a unique insert), then read; kept in memory. */
  private secret(): Promise<string> {
    this.secretRead ??= this.loadSecret().catch((error: unknown) => {
      this.secretRead = undefined;
      throw error;
    });
    return this.secretRead;
  }

  private async loadSecret(): Promise<string> {
    return (await shopSecret(this.deps.models, 'check-in', { now: this.deps.clock.now() }))!;
  }
}
