import { z } from 'zod';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';

/**
 * Daily at the shop's morning time: a customer whose complaint was resolved a week ago is asked on
 * LINE how things are now, with a rating (once per case: the send key and `followUp` on the case).
 * A service message: it is not marketing, and the month's service reserve is kept for it.
 */
export const caseFollowUpJob = defineJob({
  id: 'case-follow-up',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 45 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 3 },
  async handler(ctx, _data, { now }) {
    await ctx.reach.caseCare.sendFollowUps(now);
  },
});
