import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Customer, Models, SendLedgerEntry } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { Logger } from '../log.js';
import {
  allocateBudget,
  allowanceFor,
  decideContact,
  type Allowance,
  type BudgetState,
  type ContactPolicySettings,
  type DemandForecast,
  type ReasonCode,
} from '../retention/contact-policy.js';
import type { LapseModel } from '../retention/lapse-model.js';
import { reason, type PolicyReason } from '../retention/policy-reasons.js';
import { inQuietHours, nextAllowedTime } from '../retention/quiet-hours.js';
import { ledgerKey } from '../retention/touchpoint-due.js';
import { factsOf, historyOf, type Audience, type AudienceCustomer } from './audience.js';
import type { Delivery, FanOutReport, OutreachFanOut } from './fan-out.js';
import { mergeReports } from './fan-out-report.js';
import { mapBounded, RESUME_READS_IN_FLIGHT } from './map-bounded.js';
import { budgetAlert, refusalAlerts } from './outreach-alerts.js';
import { SkipLog } from './skip-log.js';
import type { TouchpointComposers, TouchpointKind } from './touchpoints.js';

/** A customer a touchpoint is due for, under its ledger period. */
export interface Candidate {
  customer: AudienceCustomer;
  period: string;
  ref?: string;
  data?: Record<string, unknown>;
}

export interface OutreachRun {
  kind: TouchpointKind;
  runKey: string;
  audience: Audience;
  candidates: Candidate[];
  /** The budget of this run; null sends without (LINE still refuses past the plan's limit). */
  budget: { state: BudgetState; forecast: DemandForecast } | null;
  /** One identical message for everyone goes by multicast; otherwise each is composed and pushed. */
  shared?: LineMessage[];
  /** Runs after the composer's own hook for each message LINE accepted. */
  onSent?: (delivery: Delivery) => Promise<void>;
  /** Checked between batches with the quiet hours: true leaves the rest for a later run (shutdown). */
  shouldStop?: () => boolean;
}

export interface OutreachReport {
  kind: TouchpointKind;
  runKey: string;
  due: number;
  sent: number;
  deferred: number;
  /** When the deferred ones (quiet hours) may go. */
  deferredUntil?: Date;
  skipped: Partial<Record<ReasonCode, number>>;
  allowance?: Allowance;
  fanOut: FanOutReport;
}

/** Skips that describe a standing state of the customer (visible on their record), not recorded per run. */
const standing = new Set<ReasonCode>(['already-sent', 'opted-out', 'blocked', 'not-on-line']);

export interface OutreachDeps {
  models: Pick<Models, 'SendLedger'> & ConstructorParameters<typeof SkipLog>[0];
  fanOut: OutreachFanOut;
  composers: TouchpointComposers;
  lapseModel: LapseModel;
  alerts: StaffAlerts;
  clock: Clock;
  log: Logger;
  policy: ContactPolicySettings;
}

/**
 * Runs one touchpoint for the customers it is due for: resumes what an earlier run left unfinished,
 * puts every candidate through the contact policy, shares the budget out by priority, composes,
 * fans out, records who was skipped and why, and tells staff about shortfalls.
 */
export class Outreach {
  private readonly skips: SkipLog;

  constructor(private readonly deps: OutreachDeps) {
    this.skips = new SkipLog(deps.models, deps.policy.timezone);
  }

  async run(run: OutreachRun): Promise<OutreachReport> {
    const { clock, policy } = this.deps;
    const now = clock.now();
    const started = performance.now();
    const fanOut = await this.resume(run);
    const resumedMs = performance.now() - started;
    const report: OutreachReport = {
      kind: run.kind,
      runKey: run.runKey,
      due: run.candidates.length,
      sent: 0,
      deferred: 0,
      skipped: {},
      fanOut,
    };
    const skipped: { candidate: Candidate; reason: PolicyReason }[] = [];
    const sendable: Candidate[] = [];
    for (const candidate of run.candidates) {
      const key = ledgerKey(run.kind, candidate.period, candidate.customer._id);
      const history = historyOf(run.audience, candidate.customer._id);
      const decision = decideContact(
        { kind: run.kind, key, period: candidate.period, now },
        factsOf(run.audience, candidate.customer),
        history,
        policy,
      );
      if (decision.verdict === 'send') sendable.push(candidate);
      else if (decision.verdict === 'defer') {
        report.deferred++;
        report.deferredUntil = decision.sendAt;
      } else {
        const why = decision.reasons[0]!;
        // A standing skip is only counted: after a restart half the audience is 'already-sent'.
        if (standing.has(why.code)) report.skipped[why.code] = (report.skipped[why.code] ?? 0) + 1;
        else skipped.push({ candidate, reason: why });
      }
    }

    let chosen = sendable;
    if (run.budget) {
      report.allowance = allowanceFor(run.kind, run.budget.state, run.budget.forecast);
      const ranked = sendable.map((candidate) => ({
        id: candidate.customer._id,
        lapseRisk: this.deps.lapseModel.assess(candidate.customer, now).risk,
        value: candidate.customer.visitCount,
        candidate,
      }));
      const allocation = allocateBudget(ranked, report.allowance.allowance);
      chosen = allocation.chosen.map((entry) => entry.candidate);
      const { remaining, reserved, allowance } = report.allowance;
      for (const entry of allocation.overBudget) {
        skipped.push({
          candidate: entry.candidate,
          reason: reason('budget', { remaining, reserved, allowance }),
        });
      }
    }

    const composer = this.deps.composers.get(run.kind);
    const planned = {
      length: chosen.length,
      slice: (start: number, end: number) =>
        chosen.slice(start, end).map((candidate) => ({
          key: ledgerKey(run.kind, candidate.period, candidate.customer._id),
          customerId: candidate.customer._id,
          kind: run.kind,
          period: candidate.period,
          ...pick(candidate),
        })),
    };
    const decidedMs = performance.now() - started;
    const result = await this.deps.fanOut.run({
      runKey: run.runKey,
      kind: run.kind,
      via: run.shared ? 'multicast' : 'push',
      planned,
      // Audience members carry the projected fields; the composers read names, birthdays and visits.
      compose: (delivery) =>
        run.shared
          ? Promise.resolve(run.shared)
          : composer.compose({
              customer: candidatesOf(run).get(delivery.customerId)!.customer as Customer,
              now,
              ...pick(delivery),
            }),
      onNothingToSend: (delivery) =>
        skipped.push({
          candidate: candidatesOf(run).get(delivery.customerId)!,
          reason: reason('no-message'),
        }),
      shouldStop: () =>
        inQuietHours(clock.now(), policy.quietHours, policy.timezone) || (run.shouldStop?.() ?? false),
      onSent: (delivery) => this.onSent(run, delivery),
    });
    mergeReports(report.fanOut, result);
    if (result.stopped) {
      report.deferred += planned.length - result.claimed - result.taken + result.held;
      report.deferredUntil = nextAllowedTime(clock.now(), policy.quietHours, policy.timezone);
    }
    report.sent = report.fanOut.sent;
    for (const refusal of report.fanOut.quotaRefused)
      skipped.push(this.refusal(run, refusal, 'quota-exhausted'));
    for (const unsure of report.fanOut.uncertain) skipped.push(this.refusal(run, unsure, 'uncertain'));
    for (const { reason: why } of skipped) report.skipped[why.code] = (report.skipped[why.code] ?? 0) + 1;
    await this.skips.record(run.kind, run.runKey, now, skipped);
    await this.alert(run, report, skipped);
    this.deps.log.info(
      {
        kind: run.kind,
        runKey: run.runKey,
        due: report.due,
        sent: report.sent,
        deferred: report.deferred,
        skipped: report.skipped,
        ms: {
          resume: Math.round(resumedMs),
          decide: Math.round(decidedMs - resumedMs),
          total: Math.round(performance.now() - started),
        },
      },
      'touchpoint run finished',
    );
    return report;
  }

  /** Finishes this kind's batches an earlier run left unfinished (crash, LINE outage). */
  private async resume(run: OutreachRun): Promise<FanOutReport> {
    const refs = run.audience.ledger.filter((entry) => entry.kind === run.kind);
    const open = await this.deps.fanOut.openEntries(refs);
    const found = await mapBounded(open, RESUME_READS_IN_FLIGHT, (id) =>
      this.deps.models.SendLedger.findById(id).lean<SendLedgerEntry>(),
    );
    const entries = found.filter((entry) => entry !== null);
    return this.deps.fanOut.resume(
      { runKey: run.runKey, kind: run.kind, onSent: (delivery) => this.onSent(run, delivery) },
      entries,
    );
  }

  private async onSent(run: OutreachRun, delivery: Delivery): Promise<void> {
    const composer = this.deps.composers.get(run.kind);
    const customer = candidatesOf(run).get(delivery.customerId)?.customer;
    if (composer.onSent && customer) {
      await composer.onSent({
        customer: customer as Customer,
        now: this.deps.clock.now(),
        ...pick(delivery),
      });
    }
    await run.onSent?.(delivery);
  }

  private refusal(run: OutreachRun, delivery: Delivery, code: 'quota-exhausted' | 'uncertain') {
    const customer = candidatesOf(run).get(delivery.customerId)?.customer;
    const candidate: Candidate = {
      customer: customer ?? ({ _id: delivery.customerId } as AudienceCustomer),
      period: delivery.period,
    };
    return { candidate, reason: reason(code) };
  }

  private async alert(
    run: OutreachRun,
    report: OutreachReport,
    skipped: { candidate: Candidate; reason: PolicyReason }[],
  ) {
    const overBudget = skipped.filter((s) => s.reason.code === 'budget');
    if (overBudget.length > 0 && report.allowance) {
      await this.deps.alerts.notify(
        budgetAlert(
          run.kind,
          report.allowance,
          overBudget.map((s) => s.candidate.customer),
        ),
      );
    }
    for (const alert of refusalAlerts(run.kind, report.fanOut)) await this.deps.alerts.notify(alert);
  }
}

const byCustomer = new WeakMap<OutreachRun, Map<string, Candidate>>();

/** The run's candidates by customer id (built once per run). */
function candidatesOf(run: OutreachRun): Map<string, Candidate> {
  let map = byCustomer.get(run);
  if (!map) {
    map = new Map(run.candidates.map((candidate) => [candidate.customer._id, candidate]));
    byCustomer.set(run, map);
  }
  return map;
}

function pick(source: { ref?: string | undefined; data?: Record<string, unknown> | undefined }) {
  return {
    ...(source.ref !== undefined ? { ref: source.ref } : {}),
    ...(source.data !== undefined ? { data: source.data } : {}),
  };
}
