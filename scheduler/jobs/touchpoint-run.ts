import { ErrorCode, JorenError } from '../../src/errors.js';
import { forecastFor } from '../../src/outreach/outreach-budget.js';
import type { OutreachReport, OutreachRun } from '../../src/outreach/outreach.js';
import { touchpointNames } from '../../src/outreach/outreach-alerts.js';
import { priorityRank } from '../../src/retention/contact-policy.js';
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
  run: Omit<OutreachRun, 'budget' | 'shouldStop'>,
  options: { forecast: boolean } = { forecast: true },
): Promise<{ report: OutreachReport; outcome: JobOutcome }> {
  const state = await ctx.budget.current();
  // Follow-ups come first: nothing is kept back from them, so they need no forecast.
  const needsForecast = options.forecast && state.limit !== null && priorityRank[run.kind] > 0;
  const forecast = needsForecast
    ? forecastFor(run.audience, ctx.settings.seasons, await ctx.pendingWork(), ctx.policy.timezone)
    : {};
  if (needsForecast) {
    const month = monthOf(shopDayOf(ctx.clock.now(), ctx.policy.timezone));
    await ctx.models.LineQuota.updateOne({ _id: month }, { $set: { forecast, forecastAt: ctx.clock.now() } });
  }
  const report = await ctx.outreach.run({
    ...run,
    budget: { state, forecast },
    shouldStop: () => ctx.stopping(),
  });
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
