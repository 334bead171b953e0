import { z } from 'zod';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';

/**
 * Every quarter hour: the thanks to customers whose friend followed during the quiet hours, sent once
 * the quiet hours are over (src/referrals/referral-thanks.ts). Nothing to do most of the time.
 */
export const referralThanksJob = defineJob({
  id: 'referral-thanks',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 44 },
  schedule: { kind: 'interval', minutes: 15 },
  async handler(ctx, _data, { now }) {
    await ctx.reach.referralThanks.sendDue(now);
  },
});
