import { z } from 'zod';
import { exponential } from 'agenda';
import { defineJob, JOB_LOCK_MS } from '../job-definition.js';

/**
 * Every hour: an open complaint case that has not moved for two days reminds its owner in the case
 * card's thread (the one who opened it from Slack or took it; else the channel), once per stall.
 */
export const caseReminderJob = defineJob({
  id: 'case-reminder',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: {
    concurrency: 1,
    lockLifetimeMs: JOB_LOCK_MS,
    backoff: exponential({ delay: 60_000, maxRetries: 3 }),
    priority: 5,
  },
  schedule: { kind: 'interval', minutes: 60 },
  async handler(ctx, _data, { now }) {
    await ctx.reach.caseCare.remindStalled(now);
  },
});
