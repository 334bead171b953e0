import { monthOfDay } from './shop-metrics.js';

/** What a month adds up to apart from the customer flow: surveys, complaints, win-backs, touches. */
export interface MonthActivity {
  surveys: { count: number; ratingSum: number; distribution: [number, number, number, number, number] };
  complaints: { opened: number; resolved: number; hoursToResolve: number[] };
  winBack: { checkIns: number; wonBack: number };
  touches: number;
}

/** An empty month. */
export function emptyActivity(): MonthActivity {
  return {
    surveys: { count: 0, ratingSum: 0, distribution: [0, 0, 0, 0, 0] },
    complaints: { opened: 0, resolved: 0, hoursToResolve: [] },
    winBack: { checkIns: 0, wonBack: 0 },
    touches: 0,
  };
}

/** The records the activity is counted from, as plain data. */
export interface ActivityRecords {
  ratings: Iterable<{ rating: number; ratedAt: Date }>;
  complaints: Iterable<{ openedAt: Date; resolvedAt?: Date | undefined }>;
  winBacks: Iterable<{ checkInSentAt?: Date | undefined; wonBackAt?: Date | undefined; outcome: string }>;
  /** When each touch (a shop-initiated message) was sent. */
  touches: Iterable<Date>;
}

/**
 * Counts activity per month ('YYYY-MM' of the shop-local day, from `dayOf`): survey ratings by when
 * they were given, complaints opened and resolved (with hours to resolve), check-ins sent and
 * customers won back, and touches.
 */
export function activityByMonth(
  records: ActivityRecords,
  dayOf: (at: Date) => number,
): Map<string, MonthActivity> {
  const months = new Map<string, MonthActivity>();
  const at = (date: Date) => {
    const key = monthOfDay(dayOf(date));
    let entry = months.get(key);
    if (!entry) months.set(key, (entry = emptyActivity()));
    return entry;
  };
  for (const { rating, ratedAt } of records.ratings) {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) continue;
    const s = at(ratedAt).surveys;
    s.count++;
    s.ratingSum += rating;
    s.distribution[rating - 1]!++;
  }
  for (const c of records.complaints) {
    at(c.openedAt).complaints.opened++;
    if (c.resolvedAt) {
      const m = at(c.resolvedAt).complaints;
      m.resolved++;
      m.hoursToResolve.push((c.resolvedAt.getTime() - c.openedAt.getTime()) / 3_600_000);
    }
  }
  for (const w of records.winBacks) {
    if (w.checkInSentAt) at(w.checkInSentAt).winBack.checkIns++;
    if (w.outcome === 'won-back' && w.wonBackAt) at(w.wonBackAt).winBack.wonBack++;
  }
  for (const sentAt of records.touches) at(sentAt).touches++;
  return months;
}

/** Several months' activity as one period's figures. */
export function combineActivity(months: readonly MonthActivity[]) {
  const all = emptyActivity();
  for (const m of months) {
    all.surveys.count += m.surveys.count;
    all.surveys.ratingSum += m.surveys.ratingSum;
    m.surveys.distribution.forEach((n, i) => (all.surveys.distribution[i]! += n));
    all.complaints.opened += m.complaints.opened;
    all.complaints.resolved += m.complaints.resolved;
    all.complaints.hoursToResolve.push(...m.complaints.hoursToResolve);
    all.winBack.checkIns += m.winBack.checkIns;
    all.winBack.wonBack += m.winBack.wonBack;
    all.touches += m.touches;
  }
  return {
    surveys: {
      count: all.surveys.count,
      average: all.surveys.count > 0 ? all.surveys.ratingSum / all.surveys.count : undefined,
      distribution: all.surveys.distribution,
    },
    complaints: {
      opened: all.complaints.opened,
      resolved: all.complaints.resolved,
      medianHoursToResolve: median(all.complaints.hoursToResolve),
    },
    winBack: {
      checkIns: all.winBack.checkIns,
      wonBack: all.winBack.wonBack,
      rate: all.winBack.checkIns > 0 ? all.winBack.wonBack / all.winBack.checkIns : undefined,
    },
    touches: all.touches,
  };
}

/** Touches per active customer per month: touches ÷ the months' average current customers ÷ months. */
export function touchesPerActiveCustomer(
  touches: number,
  currentByMonth: readonly number[],
): number | undefined {
  if (currentByMonth.length === 0) return undefined;
  const average = currentByMonth.reduce((s, n) => s + n, 0) / currentByMonth.length;
  return average > 0 ? touches / average / currentByMonth.length : undefined;
}

/** The median of a list (undefined when empty). */
function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.slice().sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
