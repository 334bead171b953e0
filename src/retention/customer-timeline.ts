import { probabilityNoVisit, type BgNbdParams } from './bg-nbd.js';
import type { LapseMethod, LapseOptions } from './lapse-scoring.js';
import { DAYS_PER_WEEK } from './rfm.js';

/** The lapse rule a scan settled on, applied to any moment of a customer's past. */
export interface LapseRule {
  method: LapseMethod;
  params: BgNbdParams | undefined;
  options: Pick<LapseOptions, 'horizonWeeks' | 'churnThreshold' | 'overdueMultiple'>;
  shopIntervalDays: number;
}

/** Something that changed whether a customer counts as current, on a shop-local day. */
export interface CustomerEvent {
  day: number;
  kind: 'new' | 'returned' | 'lost';
}

/**
 * The first day in (lastDay, untilDay] on which the rule calls a customer lapsed, given their visits
 * so far (`visits` distinct days from firstDay to lastDay); undefined if it does not within that span.
 * P(no visit within the horizon) only grows while a customer stays away, so a bisection finds it.
 */
export function firstLapseDay(
  rule: LapseRule,
  visits: number,
  firstDay: number,
  lastDay: number,
  untilDay: number,
): number | undefined {
  if (untilDay <= lastDay) return undefined;
  if (rule.method === 'overdue-rule' || !rule.params) {
    const interval = visits > 1 ? (lastDay - firstDay) / (visits - 1) : rule.shopIntervalDays;
    const day = lastDay + Math.max(1, Math.ceil(rule.options.overdueMultiple * Math.max(1, interval)));
    return day <= untilDay ? day : undefined;
  }
  const params = rule.params;
  const rfm = (day: number) => ({
    x: visits - 1,
    tx: (lastDay - firstDay) / DAYS_PER_WEEK,
    T: (day - firstDay) / DAYS_PER_WEEK,
  });
  const lapsedOn = (day: number) =>
    probabilityNoVisit(rfm(day), params, rule.options.horizonWeeks) >= rule.options.churnThreshold;
  if (!lapsedOn(untilDay)) return undefined;
  let low = lastDay; // not lapsed on the day of a visit
  let high = untilDay;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (lapsedOn(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * A customer's story as the shop counts it, up to `endDay`: new at the first visit, lost on the day
 * they lapse (or block the LINE account while current), returned at a visit after being lost.
 * `days` are distinct visit days in ascending order.
 */
export function customerEvents(
  days: readonly number[],
  rule: LapseRule,
  endDay: number,
  blockedDay?: number,
): CustomerEvent[] {
  const events: CustomerEvent[] = [];
  const visits = days.filter((d) => d <= endDay);
  if (visits.length === 0) return events;
  const first = visits[0]!;
  events.push({ day: first, kind: 'new' });
  let current = true;
  let blockPending = blockedDay !== undefined && blockedDay >= first && blockedDay <= endDay;
  for (let i = 0; i < visits.length; i++) {
    const last = visits[i]!;
    const next = visits[i + 1];
    const until = next === undefined ? endDay : next - 1;
    let lostOn = firstLapseDay(rule, i + 1, first, last, until);
    if (blockPending && blockedDay! >= last && blockedDay! <= until) {
      blockPending = false;
      if (lostOn === undefined || blockedDay! < lostOn) lostOn = Math.max(blockedDay!, last);
    }
    if (current && lostOn !== undefined) {
      events.push({ day: lostOn, kind: 'lost' });
      current = false;
    }
    if (next !== undefined && !current) {
      events.push({ day: next, kind: 'returned' });
      current = true;
    }
  }
  return events;
}
