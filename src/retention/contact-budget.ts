import type { TouchpointKind } from '../db/models/index.js';
import { daysBetween, type ShopDay } from './shop-time.js';

/**
 * Sharing out the LINE plan's monthly messages. Pushes and multicasts count once per recipient;
 * replies are free and not counted. When the budget cannot cover everything, touchpoints go in this
 * order: post-visit follow-ups (what a customer expects after a visit), birthdays, win-back check-ins,
 * staff broadcasts, seasonal greetings, regular touches. A broadcast is something staff chose to say
 * now, so it beats the automatic greetings, but it never starves the personal touches that keep
 * regulars.
 */
export const priorityRank: Record<TouchpointKind, number> = {
  'post-visit-thanks': 0,
  'post-visit-survey': 0,
  birthday: 1,
  'win-back': 2,
  broadcast: 3,
  seasonal: 4,
  regular: 5,
};

/** The plan's limit this month (null: unlimited plan) and what has been used. */
export interface BudgetState {
  limit: number | null;
  used: number;
  /**
   * Messages kept for service messages (complaint confirmations, staff replies, check-in thanks,
   * case follow-ups): what a customer asked for or is owed must never find the month spent on
   * marketing. Every kind but the post-visit follow-ups stops before it.
   */
  serviceReserve?: number;
}

/** The service reserve of a plan: `percent` of its monthly limit, rounded up (none without a limit). */
export function serviceReserveOf(limit: number | null, percent: number): number {
  return limit === null ? 0 : Math.ceil((limit * percent) / 100);
}

/** Messages each kind is expected to need from now to the end of the month. */
export type DemandForecast = Partial<Record<TouchpointKind, number>>;

export interface Allowance {
  /** How many recipients this kind may use now. */
  allowance: number;
  /** Messages left in the month. */
  remaining: number;
  /** Of those, kept for higher-priority kinds. */
  reserved: number;
  reservedFor: DemandForecast;
}

/** What a kind may spend now: what is left, minus what higher-priority kinds are expected to need. */
export function allowanceFor(kind: TouchpointKind, budget: BudgetState, forecast: DemandForecast): Allowance {
  if (budget.limit === null) {
    return {
      allowance: Number.POSITIVE_INFINITY,
      remaining: Number.POSITIVE_INFINITY,
      reserved: 0,
      reservedFor: {},
    };
  }
  const remaining = Math.max(0, budget.limit - budget.used);
  const reservedFor: DemandForecast = {};
  // Follow-ups (rank 0) are what a customer expects after a visit: they may use the service reserve.
  let reserved = priorityRank[kind] > 0 ? (budget.serviceReserve ?? 0) : 0;
  for (const [other, demand] of Object.entries(forecast) as [TouchpointKind, number][]) {
    if (priorityRank[other] < priorityRank[kind] && demand > 0) {
      reservedFor[other] = demand;
      reserved += demand;
    }
  }
  return { allowance: Math.max(0, remaining - reserved), remaining, reserved, reservedFor };
}

/** A touchpoint waiting for budget: the customer's lapse risk (0–1) and value (visits). */
export interface BudgetCandidate {
  id: string;
  lapseRisk: number;
  value: number;
}

/**
 * Within one kind, those most at risk of lapsing go first, then the most valuable; ties by id so the
 * choice is the same on every run.
 */
export function allocateBudget<T extends BudgetCandidate>(
  candidates: readonly T[],
  allowance: number,
): { chosen: T[]; overBudget: T[] } {
  const ordered = [...candidates].sort(
    (a, b) => b.lapseRisk - a.lapseRisk || b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const cut = Math.min(ordered.length, Math.max(0, allowance));
  return { chosen: ordered.slice(0, cut), overBudget: ordered.slice(cut) };
}

export interface ForecastInput {
  today: ShopDay;
  monthEnd: ShopDay;
  /** Post-visit follow-ups already scheduled from today to the end of the month. */
  scheduledFollowUps: number;
  /** Messages sent per kind in the last 30 days (the rate of kinds that cannot be known ahead). */
  sentLast30Days: DemandForecast;
  /** Consenting customers whose birthday falls from today to the month's end, not yet greeted. */
  birthdaysAhead: number;
  /** Consenting customers not yet greeted in a season whose window is open in the rest of the month. */
  seasonalAhead: number;
  /** Recipients of broadcasts staff scheduled for the rest of the month. */
  broadcastsAhead: number;
}

/**
 * Expected demand for the rest of the month (today included): exact where the calendar knows it
 * (birthdays, seasons, scheduled follow-ups and broadcasts), the recent daily rate where it does not
 * (new visits, new lapses).
 */
export function forecastDemand(input: ForecastInput): DemandForecast {
  const daysLeft = daysBetween(input.today, input.monthEnd) + 1;
  const rate = (kinds: TouchpointKind[]) =>
    kinds.reduce((sum, kind) => sum + (input.sentLast30Days[kind] ?? 0), 0) / 30;
  return {
    'post-visit-thanks': Math.max(
      input.scheduledFollowUps,
      Math.ceil(rate(['post-visit-thanks', 'post-visit-survey']) * daysLeft),
    ),
    birthday: input.birthdaysAhead,
    'win-back': Math.ceil(rate(['win-back']) * daysLeft),
    broadcast: input.broadcastsAhead,
    seasonal: input.seasonalAhead,
  };
}
