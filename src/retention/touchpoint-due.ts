import { isBirthdayOn, nextBirthday, type MonthDay } from './birthdays.js';
import type { LapseAssessment } from './lapse-model.js';
import { reason, type PolicyReason } from './policy-reasons.js';
import { seasonOn, seasonPeriod, type SeasonCalendar, type SeasonWindow } from './seasons.js';
import { addDays, daysBetween, shopDayOf, type ShopDay } from './shop-time.js';

/** When a touchpoint is due for a customer on a day, and under which send-ledger period. */
export type Due = { due: true; period: string; ref?: string } | { due: false; reason: PolicyReason };

/** The ledger key of a touchpoint: one per customer, kind and period. */
export function ledgerKey(kind: string, period: string, customerId: string): string {
  return `${kind}:${period}:${customerId}`;
}

/** Birthday greetings: on the customer's birthday (29 February: 28 February in other years), once a year. */
export function birthdayDue(birthday: MonthDay | undefined, day: ShopDay): Due {
  if (isBirthdayOn(birthday, day)) return { due: true, period: day.slice(0, 4) };
  return {
    due: false,
    reason: reason('not-birthday', birthday ? { birthday: nextBirthday(birthday, day) } : {}),
  };
}

/** The greeting due on `day`: once per season group and year, on any day of its window. */
export function seasonalDue(
  day: ShopDay,
  calendar: SeasonCalendar,
): { due: true; period: string; season: SeasonWindow } | { due: false; reason: PolicyReason } {
  const season = seasonOn(day, calendar);
  if (!season) return { due: false, reason: reason('no-season') };
  return { due: true, period: seasonPeriod(season, day), season };
}

/** A stable slot in 0..days-1 for a customer (FNV-1a of the id), to spread regular touches over days. */
export function staggerSlot(customerId: string, days: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % Math.max(1, days);
}

export interface RegularTouchSettings {
  /** A light touch after this many days without contact. */
  afterDays: number;
  /** Due customers are spread over this many days. */
  staggerDays: number;
}

/**
 * The regular touch: due once `afterDays` have passed since the last contact (sent message, visit,
 * or becoming a friend), on the customer's own day of the stagger cycle.
 */
export function regularDue(
  customerId: string,
  lastContactDay: ShopDay | undefined,
  day: ShopDay,
  settings: RegularTouchSettings,
): Due {
  if (lastContactDay !== undefined) {
    const since = daysBetween(lastContactDay, day);
    if (since < settings.afterDays) {
      return { due: false, reason: reason('recently-contacted', { days: since, after: settings.afterDays }) };
    }
  }
  const slot = staggerSlot(customerId, settings.staggerDays);
  const offset =
    (slot - (daysBetween('1970-01-01', day) % settings.staggerDays) + settings.staggerDays) %
    settings.staggerDays;
  if (offset !== 0)
    return { due: false, reason: reason('not-stagger-day', { nextDay: addDays(day, offset) }) };
  return { due: true, period: day };
}

/** Staff's and the customer's state of a lapse episode. */
export interface WinBackState {
  checkInSentAt?: Date | undefined;
  snoozedUntil?: Date | undefined;
  contactedAt?: Date | undefined;
}

/**
 * A win-back check-in: for a customer the lapse model calls lapsed whose episode began within the last
 * `windowDays` (a newly lapsed customer), once per episode, unless staff snoozed it or got in touch.
 */
export function winBackDue(
  assessment: LapseAssessment,
  state: WinBackState | undefined,
  now: Date,
  windowDays: number,
  zone: string,
): Due {
  if (!assessment.lapsed || !assessment.lapsedSince) return { due: false, reason: reason('not-lapsed') };
  const episode = shopDayOf(assessment.lapsedSince, zone);
  if (daysBetween(episode, shopDayOf(now, zone)) > windowDays) {
    return { due: false, reason: reason('lapsed-long-ago', { since: episode }) };
  }
  if (state?.contactedAt) return { due: false, reason: reason('staff-contacted') };
  if (state?.snoozedUntil && state.snoozedUntil > now) {
    return { due: false, reason: reason('snoozed', { until: shopDayOf(state.snoozedUntil, zone) }) };
  }
  return { due: true, period: episode };
}
