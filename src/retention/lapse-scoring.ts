import {
  expectedVisits,
  fitBgNbdSteps,
  probabilityAlive,
  probabilityNoVisit,
  type BgNbdFit,
  type RfmSummary,
} from './bg-nbd.js';
import { DAYS_PER_WEEK, rfmFromDays } from './rfm.js';
import { runAtOnce, runInSlices, type Steps } from './time-slices.js';

/** One customer's visit days (shop-local day numbers; repeats on one day count once). */
export interface VisitHistory {
  id: string;
  days: ArrayLike<number>;
}

/** How a shop's customers were scored: the fitted model, or the overdue rule when history is thin. */
export type LapseMethod = 'bg-nbd' | 'overdue-rule';

export interface LapseOptions {
  /** The period "coming back" is judged over, in weeks (39: the CDNOW holdout the rule was tuned on). */
  horizonWeeks: number;
  /** Model: lapsed when P(no visit within the horizon) is at least this. */
  churnThreshold: number;
  /** Fallback: lapsed when the time since the last visit is at least this many usual intervals. */
  overdueMultiple: number;
  /** Fewer customers, or fewer repeat customers, than this and the model is not trusted. */
  minCustomers: number;
  minRepeatCustomers: number;
  /** The usual interval assumed when a shop has no repeat customer to learn it from. */
  defaultIntervalDays: number;
}

/** The documented defaults (docs/retention.md; tuned on the CDNOW holdout). */
export const defaultLapseOptions: LapseOptions = {
  horizonWeeks: 39,
  churnThreshold: 0.8,
  overdueMultiple: 3,
  minCustomers: 30,
  minRepeatCustomers: 10,
  defaultIntervalDays: 56,
};

/** One customer's result of a lapse scan. */
export interface LapseScore {
  id: string;
  /** Distinct visit days. */
  visits: number;
  firstDay: number;
  lastDay: number;
  /** Their own average days between visits; undefined after a single visit. */
  intervalDays: number | undefined;
  daysSince: number;
  /** Model only: P(still active), expected visits within the horizon, P(no visit within the horizon). */
  pAlive: number | undefined;
  expectedVisits: number | undefined;
  churn: number | undefined;
  /** Days since the last visit divided by the usual interval (own, else the shop's). */
  overdueRatio: number;
  lapsed: boolean;
  /**
   * The ranking key, higher is more likely gone: minus the expected visits within the horizon for the
   * model (it separates CDNOW's holdout best), the overdue ratio for the rule.
   */
  score: number;
}

export interface LapseScan {
  method: LapseMethod;
  /** Why the fallback was used (absent for the model). */
  fallbackReason: string | undefined;
  fit: BgNbdFit | undefined;
  /** The shop's typical interval between visits (median over repeat customers), in days. */
  shopIntervalDays: number;
  endDay: number;
  options: LapseOptions;
  scores: LapseScore[];
}

/**
 * Fits BG/NBD on every customer's history up to `endDay` and scores each customer; falls back to the
 * overdue rule on each customer's own interval when the shop has too little history for a fit it can
 * trust. Scores come back ranked: lapsed customers first, each group most likely gone first.
 */
export function scoreCustomers(
  histories: readonly VisitHistory[],
  endDay: number,
  overrides: Partial<LapseOptions> = {},
): LapseScan {
  return runAtOnce(scoringSteps(histories, endDay, overrides));
}

/**
 * scoreCustomers for the daily scan: the same scores, computed in slices of ~10 ms with the event loop
 * free in between (the fit over a shop's customers holds it for hundreds of milliseconds otherwise).
 */
export function scoreCustomersInSlices(
  histories: readonly VisitHistory[],
  endDay: number,
  overrides: Partial<LapseOptions> = {},
): Promise<LapseScan> {
  return runInSlices(scoringSteps(histories, endDay, overrides));
}

/** Customers scored between two chances to pause. */
const SCORES_PER_STEP = 1_000;

function* scoringSteps(
  histories: readonly VisitHistory[],
  endDay: number,
  overrides: Partial<LapseOptions>,
): Steps<LapseScan> {
  const options = { ...defaultLapseOptions, ...overrides };
  const rows: { id: string; rfm: RfmSummary }[] = [];
  for (let i = 0; i < histories.length; i++) {
    const rfm = rfmFromDays(histories[i]!.days, endDay);
    if (rfm) rows.push({ id: histories[i]!.id, rfm });
    if (i % SCORES_PER_STEP === SCORES_PER_STEP - 1) yield;
  }
  const repeaters = rows.filter((r) => r.rfm.x > 0);
  const shopIntervalDays =
    repeaters.length > 0
      ? median(repeaters.map((r) => (r.rfm.tx / r.rfm.x) * DAYS_PER_WEEK))
      : options.defaultIntervalDays;

  let fit: BgNbdFit | undefined;
  let fallbackReason: string | undefined;
  if (rows.length < options.minCustomers) fallbackReason = `only ${rows.length} customers with visits`;
  else if (repeaters.length < options.minRepeatCustomers)
    fallbackReason = `only ${repeaters.length} repeat customers`;
  else {
    yield;
    fit = yield* fitBgNbdSteps(rows.map((r) => r.rfm));
    if (!isTrustworthy(fit)) {
      fallbackReason = 'the model fit did not converge to usable parameters';
      fit = undefined;
    }
  }

  const score = ({ id, rfm }: (typeof rows)[number]): LapseScore => {
    const lastDay = Math.round(endDay - (rfm.T - rfm.tx) * DAYS_PER_WEEK);
    const firstDay = Math.round(endDay - rfm.T * DAYS_PER_WEEK);
    const intervalDays = rfm.x > 0 ? (rfm.tx / rfm.x) * DAYS_PER_WEEK : undefined;
    const daysSince = endDay - lastDay;
    const overdueRatio = daysSince / Math.max(1, intervalDays ?? shopIntervalDays);
    const base = { id, visits: rfm.x + 1, firstDay, lastDay, intervalDays, daysSince, overdueRatio };
    if (!fit) {
      return {
        ...base,
        pAlive: undefined,
        expectedVisits: undefined,
        churn: undefined,
        lapsed: overdueRatio >= options.overdueMultiple,
        score: overdueRatio,
      };
    }
    const churn = probabilityNoVisit(rfm, fit.params, options.horizonWeeks);
    const expected = expectedVisits(rfm, fit.params, options.horizonWeeks);
    return {
      ...base,
      pAlive: probabilityAlive(rfm, fit.params),
      expectedVisits: expected,
      churn,
      lapsed: churn >= options.churnThreshold,
      score: -expected,
    };
  };
  const scores: LapseScore[] = [];
  for (let i = 0; i < rows.length; i++) {
    scores.push(score(rows[i]!));
    if (i % SCORES_PER_STEP === SCORES_PER_STEP - 1) yield;
  }
  yield;
  const ranked = yield* rank(scores);
  return {
    method: fit ? 'bg-nbd' : 'overdue-rule',
    fallbackReason,
    fit,
    shopIntervalDays,
    endDay,
    options,
    scores: ranked,
  };
}

/**
 * Lapsed customers first, each group most likely gone first (then longest away, then by id). The
 * keys are copied into typed arrays and indices sorted: comparing the score objects themselves took
 * seconds of blocked event loop at 100,000 customers.
 */
function* rank(scores: LapseScore[]): Steps<LapseScore[]> {
  const lapsed = Uint8Array.from(scores, (s) => Number(s.lapsed));
  const score = Float64Array.from(scores, (s) => s.score);
  const daysSince = Float64Array.from(scores, (s) => s.daysSince);
  yield;
  const order = Array.from(scores, (_, i) => i);
  order.sort(
    (i, j) =>
      lapsed[j]! - lapsed[i]! ||
      score[j]! - score[i]! ||
      daysSince[j]! - daysSince[i]! ||
      (scores[i]!.id < scores[j]!.id ? -1 : 1),
  );
  yield;
  return order.map((i) => scores[i]!);
}

function isTrustworthy(fit: BgNbdFit): boolean {
  const values = Object.values(fit.params);
  return (
    Number.isFinite(fit.logLikelihood) && values.every((v) => Number.isFinite(v) && v > 1e-6 && v < 1.0001e6)
  );
}

function median(values: number[]): number {
  const sorted = values.slice().sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
