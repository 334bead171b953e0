import { ErrorCode, JorenError } from '../../src/errors.js';
import { forecastFor } from '../../src/outreach/outreach-budget.js';
import type {
  Audience,
  AudienceContext,
  AudienceCustomer,
  AudienceStream,
} from '../../src/outreach/audience.js';
import type { Candidate, OutreachReport, OutreachRun } from '../../src/outreach/outreach.js';
import { touchpointNames } from '../../src/outreach/outreach-alerts.js';
import { priorityRank, type BudgetState } from '../../src/retention/contact-policy.js';
import { monthOf, shopDayOf } from '../../src/retention/shop-time.js';
import type { JobContext } from '../job-context.js';
import type { JobOutcome } from '../job-definition.js';

/**
 * Runs a touchpoint for its candidates within the month's budget: reads the quota from LINE,
 * forecasts what higher-priority kinds still need this month, and hands over to the outreach. A run
 * that LINE left unconfirmed fails, so the job is retried and resumes the open batches.
 */
export async function runTouchpoint(
  ctx: JobContext,
  run: Omit<OutreachRun, 'budget' | 'shouldStop' | 'audience'> & { audience: Audience },
  options: { forecast: boolean; state?: BudgetState } = { forecast: true },
): Promise<{ report: OutreachReport; outcome: JobOutcome }> {
  const state = options.state ?? (await ctx.budget.current());
  // Follow-ups come first: nothing is kept back from them, so they need no forecast.
  const needsForecast = options.forecast && state.limit !== null && priorityRank[run.kind] > 0;
  const forecast = needsForecast
    ? forecastFor(run.audience, await ctx.seasons(), await ctx.pendingWork(), ctx.policy.timezone)
    : {};
  if (needsForecast) {
    const month = monthOf(shopDayOf(ctx.clock.now(), ctx.policy.timezone));
    await ctx.models.LineQuota.updateOne({ _id: month }, { $set: { forecast, forecastAt: ctx.clock.now() } });
  }
  return outreach(ctx, { ...run, budget: { state, forecast } });
}

/**
 * Runs a touchpoint for the audience members `select` picks (at most one candidate each). On a plan
 * without a monthly limit nothing needs ranking or forecasting, so the audience is streamed: sending
 * starts with the first customers read, and memory holds what is in flight rather than everyone.
 * With a limit, the whole audience is read first (the forecast and the ranking need it).
 */
export async function runAudienceTouchpoint(
  ctx: JobContext,
  run: Pick<OutreachRun, 'kind' | 'runKey'> & {
    select: (customer: AudienceCustomer, audience: AudienceContext) => Candidate | undefined;
  },
): Promise<{ report: OutreachReport; outcome: JobOutcome }> {
  const { kind, runKey, select } = run;
  if (await ctx.outreach.isPlanned(runKey)) {
    // A rerun (a restart, a retry) of a run that had claimed everything it chose: finish what is open.
    const now = ctx.clock.now();
    const nobody: AudienceContext = {
      now,
      today: shopDayOf(now, ctx.policy.timezone),
      openComplaints: new Set(),
      history: new Map(),
      ledger: [],
    };
    return outreach(ctx, { kind, runKey, audience: nobody, candidates: [], budget: null });
  }
  const state = await ctx.budget.current();
  if (state.limit !== null) {
    const audience = await ctx.audience();
    const candidates = audience.customers.flatMap((customer) => select(customer, audience) ?? []);
    return runTouchpoint(ctx, { kind, runKey, audience, candidates }, { forecast: true, state });
  }
  // What an earlier attempt claimed goes out while the audience is being read again.
  const resuming = await ctx.outreach.startResume({ kind, runKey });
  let audience: AudienceStream;
  try {
    audience = await ctx.streamAudience(runKey);
  } catch (error) {
    await resuming.finished.catch(() => undefined);
    throw error;
  }
  const candidates = (async function* () {
    for await (const customer of audience.customers) {
      const candidate = select(customer, audience);
      if (candidate) yield candidate;
    }
  })();
  try {
    return await outreach(ctx, {
      kind,
      runKey,
      audience,
      candidates,
      budget: { state, forecast: {} },
      resuming,
    });
  } finally {
    await audience.customers.return?.(); // a run that failed before reading to the end closes the cursor
  }
}

async function outreach(
  ctx: JobContext,
  run: Omit<OutreachRun, 'shouldStop'>,
): Promise<{ report: OutreachReport; outcome: JobOutcome }> {
  const report = await ctx.outreach.run({ ...run, shouldStop: () => ctx.stopping() });
  if (report.fanOut.rejected > 0) {
    const name = touchpointNames[run.kind];
    await ctx.alerts.notify({
      topic: 'job-failed',
      severity: 'error',
      title: {
        ja: `LINEが${name.ja}${report.fanOut.rejected}件を受け付けませんでした`,
        en: `LINE refused ${report.fanOut.rejected} ${name.en} message(s)`,
      },
      context: { kind: run.kind, runKey: run.runKey, rejected: report.fanOut.rejected },
    });
  }
  if (report.fanOut.unconfirmed > 0) {
    const first = report.fanOut.errors[0];
    throw new JorenError(
      first?.code ?? ErrorCode.LineApiUnavailable,
      `${report.fanOut.unconfirmed} ${run.kind} send(s) not confirmed by LINE; the retry resumes them`,
      { kind: run.kind, runKey: run.runKey, unconfirmed: report.fanOut.unconfirmed },
      { cause: first },
    );
  }
  return { report, outcome: { deferredUntil: report.deferredUntil } };
}
