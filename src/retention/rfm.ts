import type { RfmSummary } from './bg-nbd.js';

/** Days per model time unit: the model works in weeks, as the published CDNOW fit does. */
export const DAYS_PER_WEEK = 7;

/**
 * One customer's (x, t_x, T) in weeks from their visit days (day numbers, any order, repeats allowed:
 * several visits on one day count as one), observed up to and including `endDay`. Visits after
 * `endDay` are ignored; undefined when there is none up to it.
 */
export function rfmFromDays(days: ArrayLike<number>, endDay: number): RfmSummary | undefined {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const distinct = new Set<number>();
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d > endDay) continue;
    distinct.add(d);
    if (d < first) first = d;
    if (d > last) last = d;
  }
  if (distinct.size === 0) return undefined;
  return {
    x: distinct.size - 1,
    tx: (last - first) / DAYS_PER_WEEK,
    T: (endDay - first) / DAYS_PER_WEEK,
  };
}
