import type { TouchpointKind } from '../db/models/index.js';
import { nextBirthday, type MonthDay } from './birthdays.js';
import { reason, type PolicyReason } from './policy-reasons.js';
import { inQuietHours, nextAllowedTime, type QuietHours } from './quiet-hours.js';
import { addDays, daysBetween, shopDayOf, shopTime, type ShopDay } from './shop-time.js';

export {
  allocateBudget,
  allowanceFor,
  forecastDemand,
  priorityRank,
  serviceReserveOf,
} from './contact-budget.js';
export type { Allowance, BudgetCandidate, BudgetState, DemandForecast } from './contact-budget.js';
export type { PolicyReason, ReasonCode } from './policy-reasons.js';

/**
 * The contact policy: every message the shop sends on its own initiative (scheduled touchpoints and
 * staff broadcasts) is decided here, from plain data and an explicit `now`. It never sends to blocked
 * customers; marketing never goes to customers who opted out or have an open complaint; nothing goes
 * in quiet hours (deferred, never dropped); marketing respects the frequency caps, which count the
 * post-visit follow-ups too; the monthly budget is shared out by priority (contact-budget.ts).
 */

/**
 * Marketing touches respect the customer's opt-out, open complaints, quiet hours and frequency caps.
 * The post-visit follow-ups are what a customer expects after a visit: exempt, but counted.
 */
const isMarketing: Record<TouchpointKind, boolean> = {
  'post-visit-thanks': false,
  'post-visit-survey': false,
  birthday: true,
  'win-back': true,
  seasonal: true,
  regular: true,
  broadcast: true,
};

/** At most `max` counted messages in any `days` consecutive shop days. */
export interface FrequencyCap {
  max: number;
  days: number;
}

export interface ContactPolicySettings {
  timezone: string;
  quietHours: QuietHours | null;
  frequencyCaps: FrequencyCap[];
}

/** What the policy needs to know about a customer. */
export interface CustomerFacts {
  id: string;
  status: 'following' | 'blocked' | 'unlinked';
  marketingOptOut: boolean;
  hasOpenComplaint: boolean;
  birthday?: MonthDay | undefined;
}

/**
 * Contacts made off LINE: a call or a postcard staff marked done on the weekly contact tasks. They
 * count against the frequency caps like any message, so a customer just phoned is not pushed at next.
 */
export type OfflineContactKind = 'phone-call' | 'postcard';

/** A message the shop sent on its own initiative (from the send ledger), or an offline contact. */
export interface PastContact {
  kind: TouchpointKind | OfflineContactKind;
  at: Date;
  /** The send-ledger key: `<kind>:<period>:<customerId>` (an offline contact: its task id). */
  key: string;
}

/** An offline contact (a contact task marked done) as the policy counts it. */
export function offlineContact(task: { _id: string; kind: 'call' | 'card'; doneAt: Date }): PastContact {
  return { kind: task.kind === 'call' ? 'phone-call' : 'postcard', at: task.doneAt, key: `task:${task._id}` };
}

export interface ContactRequest {
  kind: TouchpointKind;
  /** The send-ledger key of this touchpoint for this customer. */
  key: string;
  period: string;
  now: Date;
}

export type ContactVerdict = 'send' | 'defer' | 'skip';

export interface ContactDecision {
  verdict: ContactVerdict;
  reasons: PolicyReason[];
  /** For `defer`: when sending becomes allowed. */
  sendAt?: Date;
}

/** Decides one touchpoint for one customer: send now, defer to a later time, or skip (with why). */
export function decideContact(
  request: ContactRequest,
  customer: CustomerFacts,
  history: readonly PastContact[],
  settings: ContactPolicySettings,
): ContactDecision {
  const reasons: PolicyReason[] = [];
  const marketing = isMarketing[request.kind];
  if (customer.status === 'unlinked') reasons.push(reason('not-on-line'));
  if (customer.status === 'blocked') reasons.push(reason('blocked'));
  if (marketing && customer.marketingOptOut) reasons.push(reason('opted-out'));
  if (marketing && customer.hasOpenComplaint) reasons.push(reason('open-complaint'));
  if (history.some((past) => past.key === request.key)) {
    reasons.push(reason('already-sent', { period: request.period }));
  }
  const today = shopDayOf(request.now, settings.timezone);
  const others = history.filter((past) => past.key !== request.key);
  if (marketing) {
    const capped = capReached(others, today, settings);
    if (capped) reasons.push(capped);
    const birthday = birthdayComing(request.kind, customer, others, today, settings);
    if (birthday) reasons.push(birthday);
  }
  if (reasons.length > 0) return { verdict: 'skip', reasons };

  if (inQuietHours(request.now, settings.quietHours, settings.timezone)) {
    const sendAt = nextAllowedTime(request.now, settings.quietHours, settings.timezone);
    const quiet = settings.quietHours!;
    const until = shopTime(sendAt, settings.timezone).format('M/D HH:mm');
    return {
      verdict: 'defer',
      sendAt,
      reasons: [reason('quiet-hours', { start: quiet.start, end: quiet.end, until })],
    };
  }
  return { verdict: 'send', reasons: [] };
}

/** The first frequency cap a send on `today` would break, as a reason naming the next possible day. */
function capReached(
  history: readonly PastContact[],
  today: ShopDay,
  settings: Pick<ContactPolicySettings, 'frequencyCaps' | 'timezone'>,
): PolicyReason | undefined {
  const days = history
    .map((past) => shopDayOf(past.at, settings.timezone))
    .filter((day) => day <= today)
    .sort()
    .reverse();
  for (const cap of settings.frequencyCaps) {
    const inWindow = days.filter((day) => daysBetween(day, today) < cap.days);
    if (inWindow.length >= cap.max) {
      // The window frees up when the max-th most recent message leaves it.
      const nextDay = addDays(inWindow[cap.max - 1]!, cap.days);
      return reason('frequency-cap', { count: inWindow.length, max: cap.max, days: cap.days, nextDay });
    }
  }
  return undefined;
}

/**
 * A lower-priority marketing touch sent now would use up the customer's frequency cap just before
 * their birthday: it yields, and goes later in its own window instead.
 */
function birthdayComing(
  kind: TouchpointKind,
  customer: CustomerFacts,
  history: readonly PastContact[],
  today: ShopDay,
  settings: ContactPolicySettings,
): PolicyReason | undefined {
  if (kind === 'birthday' || !customer.birthday || customer.marketingOptOut) return undefined;
  const shortest = Math.min(...settings.frequencyCaps.map((cap) => cap.days));
  if (!Number.isFinite(shortest) || shortest < 2) return undefined;
  const birthday = nextBirthday(customer.birthday, addDays(today, 1));
  if (daysBetween(today, birthday) >= shortest) return undefined;
  const greeted = history.some(
    (past) => past.kind === 'birthday' && past.key.startsWith(`birthday:${birthday.slice(0, 4)}:`),
  );
  return greeted ? undefined : reason('yields-to-birthday', { birthday });
}
