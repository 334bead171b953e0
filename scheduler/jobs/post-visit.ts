import { z } from 'zod';
import { audienceOf, type LedgerRef } from '../../src/outreach/audience.js';
import { touchpointNames } from '../../src/outreach/outreach-alerts.js';
import { ledgerKey } from '../../src/retention/touchpoint-due.js';
import type { JobContext } from '../job-context.js';
import { defineJob, sendingBackoff, type JobOutcome, JOB_LOCK_MS } from '../job-definition.js';
import { runTouchpoint } from './touchpoint-run.js';

/** The payload of a post-visit follow-up job. */
export const postVisitData = z.object({ visitId: z.string().min(1), customerId: z.string().min(1) });
export type PostVisitData = z.infer<typeof postVisitData>;

/**
 * Sends one post-visit follow-up: exempt from the frequency caps (but counted by them), never to a
 * blocked customer, never in quiet hours; nothing when the visit is gone (the composer returns null).
 * A rerun after a crash finds the ledger entry and resumes it instead of sending again.
 */
export async function runFollowUp(
  ctx: JobContext,
  kind: 'post-visit-thanks' | 'post-visit-survey',
  data: PostVisitData,
): Promise<JobOutcome> {
  const { models, clock, policy } = ctx;
  if (!ctx.composers.has(kind)) {
    await ctx.alerts.notify({
      topic: 'composer-missing',
      severity: 'error',
      title: {
        ja: `${touchpointNames[kind].ja}の文面が登録されていないため送れませんでした`,
        en: `No composer is registered for the ${touchpointNames[kind].en}; not sent`,
      },
      context: { kind, visitId: data.visitId },
    });
    return {};
  }
  const customer = await models.Customer.findById(data.customerId).lean();
  if (!customer) return {};
  const key = ledgerKey(kind, data.visitId, customer._id);
  const existing = await models.SendLedger.findById(key, {
    customerId: 1,
    kind: 1,
    at: 1,
    batchId: 1,
    runKey: 1,
  }).lean<LedgerRef>();
  const audience = audienceOf(customer, existing ? [existing] : [], false, clock.now(), policy.timezone);
  const { outcome } = await runTouchpoint(
    ctx,
    { kind, runKey: key, audience, candidates: [{ customer, period: data.visitId, ref: data.visitId }] },
    { forecast: false },
  );
  return outcome;
}

/** The job of one post-visit follow-up: one-off per visit, sent like every other touchpoint. */
export function postVisitJob(kind: 'post-visit-thanks' | 'post-visit-survey') {
  return defineJob({
    id: kind,
    schema: postVisitData,
    options: { concurrency: 4, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 50 },
    schedule: { kind: 'once' },
    handler: (ctx, data) => runFollowUp(ctx, kind, data),
  });
}
