import type { TouchpointKind } from '../db/models/index.js';
import { allowanceFor, type BudgetState, type DemandForecast } from './contact-budget.js';
import {
  decideContact,
  type ContactPolicySettings,
  type ContactVerdict,
  type CustomerFacts,
  type PastContact,
} from './contact-policy.js';
import type { LapseAssessment } from './lapse-model.js';
import { reason, type PolicyReason } from './policy-reasons.js';
import type { SeasonCalendar } from './seasons.js';
import { atShopTime, type ShopDay, type TimeOfDay } from './shop-time.js';
import {
  birthdayDue,
  ledgerKey,
  regularDue,
  seasonalDue,
  winBackDue,
  type Due,
  type RegularTouchSettings,
  type WinBackState,
} from './touchpoint-due.js';

export interface ExplainInput {
  customer: CustomerFacts;
  day: ShopDay;
  settings: ContactPolicySettings & {
    morningTime: TimeOfDay;
    regular: RegularTouchSettings;
    /** The greetings switched on. */
    seasons: SeasonCalendar;
    winBackWindowDays: number;
  };
  history: readonly PastContact[];
  /** The day the customer was last in contact (message, visit or follow), before `day`. */
  lastContactDay: ShopDay | undefined;
  lapse: LapseAssessment;
  winBack: WinBackState | undefined;
  /** Post-visit follow-ups scheduled on `day`. */
  followUps: { kind: 'post-visit-thanks' | 'post-visit-survey'; visitId: string; at: Date }[];
  budget?: { state: BudgetState; forecast: DemandForecast };
  /** The newsletter edition of `day`'s month ('YYYY-MM'), null without one (no regular touch). */
  edition?: string | null;
}

export interface TouchpointExplanation {
  kind: TouchpointKind;
  verdict: ContactVerdict | 'not-due';
  /** When it would go (send or defer). */
  at?: Date;
  reasons: PolicyReason[];
}

export interface DayExplanation {
  customerId: string;
  day: ShopDay;
  items: TouchpointExplanation[];
}

/**
 * What the policy would send a customer on a day, and why not: every scheduled touchpoint kind, its
 * due rule and the policy's decision at the time it would go, with reasons in Japanese and English.
 */
export function explainDay(input: ExplainInput): DayExplanation {
  const { customer, day, settings } = input;
  const morning = atShopTime(day, settings.morningTime, settings.timezone);
  const items: TouchpointExplanation[] = input.followUps.map((followUp) =>
    decide(input, followUp.kind, { due: true, period: followUp.visitId }, followUp.at),
  );
  if (items.length === 0) {
    items.push({ kind: 'post-visit-thanks', verdict: 'not-due', reasons: [reason('no-follow-up')] });
  }
  items.push(decide(input, 'birthday', birthdayDue(customer.birthday, day), morning));
  items.push(
    decide(
      input,
      'win-back',
      winBackDue(input.lapse, input.winBack, morning, settings.winBackWindowDays, settings.timezone),
      morning,
    ),
  );
  const seasonal = seasonalDue(day, settings.seasons);
  items.push(decide(input, 'seasonal', seasonal, morning));
  const regular = regularDue(customer.id, input.lastContactDay, day, settings.regular);
  const edition = input.edition;
  items.push(
    decide(
      input,
      'regular',
      edition === null
        ? { due: false, reason: reason('no-edition', { month: day.slice(0, 7) }) }
        : regular.due && edition
          ? { due: true, period: `news-${edition}` }
          : regular,
      morning,
    ),
  );
  return { customerId: customer.id, day, items };
}

function decide(input: ExplainInput, kind: TouchpointKind, due: Due, at: Date): TouchpointExplanation {
  if (!due.due) return { kind, verdict: 'not-due', reasons: [due.reason] };
  const key = ledgerKey(kind, due.period, input.customer.id);
  const decision = decideContact(
    { kind, key, period: due.period, now: at },
    input.customer,
    input.history,
    input.settings,
  );
  if (decision.verdict !== 'skip' && input.budget) {
    const share = allowanceFor(kind, input.budget.state, input.budget.forecast);
    if (share.allowance < 1) {
      return {
        kind,
        verdict: 'skip',
        reasons: [
          reason('budget', {
            remaining: share.remaining,
            reserved: share.reserved,
            allowance: share.allowance,
          }),
        ],
      };
    }
  }
  const when = decision.verdict === 'defer' ? decision.sendAt : decision.verdict === 'send' ? at : undefined;
  const reasons = decision.verdict === 'send' ? [reason('due', { what: due.period })] : decision.reasons;
  return { kind, verdict: decision.verdict, reasons, ...(when ? { at: when } : {}) };
}
