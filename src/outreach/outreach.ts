import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Customer, Models, TouchpointKind } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { Logger } from '../log.js';
import {
  allocateBudget,
  allowanceFor,
  decideContact,
  type Allowance,
  type BudgetCandidate,
  type BudgetState,
  type ContactPolicySettings,
  type DemandForecast,
  type ReasonCode,
} from '../retention/contact-policy.js';
import type { LapseVerdicts } from '../analytics/lapse-verdicts.js';
import { reason, type PolicyReason } from '../retention/policy-reasons.js';
import { inQuietHours, nextAllowedTime } from '../retention/quiet-hours.js';
import { ledgerKey } from '../retention/touchpoint-due.js';
import { factsOf, historyOf, type AudienceContext, type AudienceCustomer } from './audience.js';
import type { Delivery, FanOutReport, OutreachFanOut } from './fan-out.js';
import { emptyReport, mergeReports } from './fan-out-report.js';
import { budgetAlert, refusalAlerts } from './outreach-alerts.js';
import { SkipLog } from './skip-log.js';
import type { TouchpointComposers } from './touchpoints.js';

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
  audience: AudienceContext;
  /** The customers the touchpoint is due for: a list, or a stream read once as the audience is read. */
  candidates: Iterable<Candidate> | AsyncIterable<Candidate>;
  /** The budget of this run; null sends without (LINE still refuses past the plan's limit). */
  budget: { state: BudgetState; forecast: DemandForecast } | null;
  /** One identical message for everyone goes by multicast; otherwise each is composed and pushed. */
  shared?: LineMessage[];
  /** Runs after the composer's own hook for each message LINE accepted. */
  onSent?: (delivery: Delivery) => Promise<void>;
  /** The finishing of earlier runs' open batches, already under way (see startResume). */
  resuming?: Resuming;
  /** Checked between batches with the quiet hours: true leaves the rest for a later run (shutdown). */
  shouldStop?: () => boolean;
}

/** Earlier runs' open batches being finished; `finished` resolves with what that did. */
export interface Resuming {
  finished: Promise<FanOutReport>;
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
  models: Pick<Models, 'SendLedger' | 'Customer'> & ConstructorParameters<typeof SkipLog>[0];
  fanOut: OutreachFanOut;
  composers: TouchpointComposers;
  /** Who has lapsed and how likely (the last lapse scan): the budget goes to the most at risk first. */
  lapse: Pick<LapseVerdicts, 'all'>;
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
    const report: OutreachReport = {
      kind: run.kind,
      runKey: run.runKey,
      due: 0,
      sent: 0,
      deferred: 0,
      skipped: {},
      fanOut: emptyReport(),
    };
    const skipped: { candidate: Candidate; reason: PolicyReason }[] = [];
    if (run.budget) report.allowance = allowanceFor(run.kind, run.budget.state, run.budget.forecast);
    const decided = this.decide(run, now, report, skipped);
    // Only a budget that can run out needs everyone ranked first; otherwise sending starts at once.
    const chosen =
      report.allowance && Number.isFinite(report.allowance.allowance)
        ? await this.withinBudget(decided, report.allowance, now, skipped)
        : decided;
    let planned = 0;
    let nothingToSend = 0;
    const planning = (async function* () {
      for await (const candidate of chosen) {
        planned++;
        yield {
          key: ledgerKey(run.kind, candidate.period, candidate.customer._id),
          customerId: candidate.customer._id,
          kind: run.kind,
          period: candidate.period,
          customer: candidate.customer,
          ...pick(candidate),
        };
      }
    })();

    const composer = this.deps.composers.get(run.kind);
    const { finished: resuming } = run.resuming ?? (await this.startResume(run));
    try {
      // What an earlier run left unfinished goes alongside: its claims are in the audience's window
      // (a rerun's own, from its batches), so the decisions skip them as already sent.
      const [resumed, result] = await settleAll([
        resuming,
        this.deps.fanOut.run({
          runKey: run.runKey,
          kind: run.kind,
          via: run.shared ? 'multicast' : 'push',
          planned: planning,
          // Audience members carry the projected fields; the composers read names, birthdays and visits.
          compose: (delivery) =>
            run.shared
              ? Promise.resolve(run.shared)
              : composer.compose({ customer: delivery.customer as Customer, now, ...pick(delivery) }),
          onNothingToSend: (delivery) => {
            nothingToSend++;
            skipped.push({
              candidate: { customer: delivery.customer!, period: delivery.period, ...pick(delivery) },
              reason: reason('no-message'),
            });
          },
          shouldStop: () =>
            inQuietHours(clock.now(), policy.quietHours, policy.timezone) || (run.shouldStop?.() ?? false),
          // Everyone decided, nobody deferred and every send claimed: a rerun need not read anyone.
          onPlanned: async () => {
            this.deps.log.info(
              {
                kind: run.kind,
                runKey: run.runKey,
                due: report.due,
                ms: Math.round(performance.now() - started),
              },
              'touchpoint run decided about everyone; every send it chose is claimed',
            );
            if (report.deferred === 0) await this.deps.fanOut.markPlanned(run.runKey, run.kind);
          },
          onSent: (delivery) => this.onSent(run, delivery),
        }),
      ]);
      mergeReports(report.fanOut, resumed);
      mergeReports(report.fanOut, result);
      if (result.stopped) {
        // The rest of the audience is still decided, so the report says how many wait for later.
        while (!(await planning.next()).done);
        report.deferred += planned - nothingToSend - result.taken - (result.claimed - result.held);
        report.deferredUntil = nextAllowedTime(clock.now(), policy.quietHours, policy.timezone);
      }
    } finally {
      await planning.return(undefined);
    }
    report.sent = report.fanOut.sent;
    for (const refusal of report.fanOut.quotaRefused) skipped.push(this.refusal(refusal, 'quota-exhausted'));
    for (const unsure of report.fanOut.uncertain) skipped.push(this.refusal(unsure, 'uncertain'));
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
        ms: { total: Math.round(performance.now() - started) },
      },
      'touchpoint run finished',
    );
    return report;
  }

  /**
   * Puts each candidate through the contact policy as it comes and yields the ones to send; counts
   * the due, the deferred (quiet hours) and standing skips in the report, and collects the others.
   */
  private async *decide(
    run: OutreachRun,
    now: Date,
    report: OutreachReport,
    skipped: { candidate: Candidate; reason: PolicyReason }[],
  ): AsyncGenerator<Candidate> {
    const { policy } = this.deps;
    for await (const candidate of run.candidates) {
      report.due++;
      const key = ledgerKey(run.kind, candidate.period, candidate.customer._id);
      const decision = decideContact(
        { kind: run.kind, key, period: candidate.period, now },
        factsOf(run.audience, candidate.customer),
        historyOf(run.audience, candidate.customer._id),
        policy,
      );
      if (decision.verdict === 'send') yield candidate;
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
  }

  /**
   * With a budget that can run out: reads every decision first, then those most at risk of lapsing
   * (then the most valuable) go within the allowance, and the rest are skipped as over budget.
   */
  private async withinBudget(
    decided: AsyncIterable<Candidate>,
    allowance: Allowance,
    now: Date,
    skipped: { candidate: Candidate; reason: PolicyReason }[],
  ): Promise<Candidate[]> {
    const ranked: (BudgetCandidate & { candidate: Candidate })[] = [];
    const lapse = await this.deps.lapse.all();
    for await (const candidate of decided) {
      ranked.push({
        id: candidate.customer._id,
        lapseRisk: lapse.assess(candidate.customer, now).risk,
        value: candidate.customer.visitCount,
        candidate,
      });
    }
    const allocation = allocateBudget(ranked, allowance.allowance);
    const { remaining, reserved } = allowance;
    for (const entry of allocation.overBudget) {
      skipped.push({
        candidate: entry.candidate,
        reason: reason('budget', { remaining, reserved, allowance: allowance.allowance }),
      });
    }
    return allocation.chosen.map((entry) => entry.candidate);
  }

  /** Finishes this kind's batches an earlier run left unfinished (crash, LINE outage). */
  /**
   * Starts finishing this kind's batches earlier runs left open (a crash, a LINE outage); resolves,
   * once it knows which batches those are, with the promise of their report. Call it before the run
   * opens batches of its own (those are not an earlier run's), and as early as possible: a restart
   * then sends what was claimed while it is still reading what it must decide again.
   */
  async startResume(run: Pick<OutreachRun, 'kind' | 'runKey' | 'onSent'>): Promise<Resuming> {
    const open = await this.deps.fanOut.openBatches(run.kind);
    const resumed = this.deps.fanOut.resume(
      { runKey: run.runKey, kind: run.kind, onSent: (delivery) => this.onSent(run, delivery) },
      open,
    );
    resumed.catch(() => undefined); // awaited by the run; a failure must not go unhandled meanwhile
    return { finished: resumed };
  }

  /** Whether this run already decided about everyone and claimed all it chose (a rerun only resumes). */
  isPlanned(runKey: string): Promise<boolean> {
    return this.deps.fanOut.isPlanned(runKey);
  }

  private async onSent(run: Pick<OutreachRun, 'kind' | 'onSent'>, delivery: Delivery): Promise<void> {
    const composer = this.deps.composers.get(run.kind);
    // A resumed delivery was stored without its audience record: read the customer when a hook needs it.
    const customer =
      composer.onSent &&
      (delivery.customer ?? (await this.deps.models.Customer.findById(delivery.customerId).lean<Customer>()));
    if (composer.onSent && customer) {
      await composer.onSent({
        customer: customer as Customer,
        now: this.deps.clock.now(),
        ...pick(delivery),
      });
    }
    await run.onSent?.(delivery);
  }

  private refusal(delivery: Delivery, code: 'quota-exhausted' | 'uncertain') {
    const customer = delivery.customer;
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

/** Waits for every task, then fails with the first failure (none is left running on its own). */
async function settleAll<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function pick(source: { ref?: string | undefined; data?: Record<string, unknown> | undefined }) {
  return {
    ...(source.ref !== undefined ? { ref: source.ref } : {}),
    ...(source.data !== undefined ? { data: source.data } : {}),
  };
}
