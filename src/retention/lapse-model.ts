/** What a lapse model needs to know about a customer (all on the customer record; no visit scan). */
export interface LapseInput {
  firstVisitAt?: Date;
  lastVisitAt?: Date;
  visitCount: number;
}

/** A model's view of one customer now. */
export interface LapseAssessment {
  /** 0 (just visited) to 1 (lapsed): how likely the customer has stopped coming. */
  risk: number;
  lapsed: boolean;
  /** When the lapse began (the start of the episode), for lapsed customers. */
  lapsedSince?: Date;
  /** The interval the model expects between this customer's visits. */
  expectedIntervalDays?: number;
}

/**
 * Scores lapse risk. The analytics work replaces the simple rule below with a BG/NBD model behind this
 * same interface; everything that reads lapse risk takes a LapseModel.
 */
export interface LapseModel {
  readonly name: string;
  assess(customer: LapseInput, now: Date): LapseAssessment;
}

export interface OverdueRuleOptions {
  /** Interval assumed for customers with one visit. */
  defaultIntervalDays: number;
  /** A customer is lapsed once this many of their own intervals have passed without a visit. */
  overdueFactor: number;
  /** Intervals are at least this long (two visits in one week do not make a weekly customer). */
  minIntervalDays: number;
}

export const defaultOverdueRule: OverdueRuleOptions = {
  defaultIntervalDays: 45,
  overdueFactor: 2,
  minIntervalDays: 14,
};

const DAY_MS = 86_400_000;

/**
 * Until the BG/NBD model lands: a customer is lapsed when `overdueFactor` times their own mean
 * interval between visits has passed since the last one; risk grows linearly towards that point.
 */
export function overdueLapseModel(options: Partial<OverdueRuleOptions> = {}): LapseModel {
  const rule = { ...defaultOverdueRule, ...options };
  return {
    name: 'overdue-rule',
    assess(customer, now) {
      if (!customer.lastVisitAt || customer.visitCount < 1) return { risk: 0, lapsed: false };
      const span =
        customer.firstVisitAt && customer.visitCount >= 2
          ? (customer.lastVisitAt.getTime() - customer.firstVisitAt.getTime()) /
            DAY_MS /
            (customer.visitCount - 1)
          : rule.defaultIntervalDays;
      const interval = Math.max(rule.minIntervalDays, span);
      const limitMs = interval * rule.overdueFactor * DAY_MS;
      const sinceMs = now.getTime() - customer.lastVisitAt.getTime();
      const lapsed = sinceMs >= limitMs;
      return {
        risk: Math.min(1, Math.max(0, sinceMs / limitMs)),
        lapsed,
        expectedIntervalDays: Math.round(interval * 10) / 10,
        ...(lapsed ? { lapsedSince: new Date(customer.lastVisitAt.getTime() + limitMs) } : {}),
      };
    },
  };
}
