import { z } from 'zod';
import { seasonalDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff } from '../job-definition.js';
import { runAudienceTouchpoint } from './touchpoint-run.js';

/**
 * Seasonal greetings, every day at the shop's morning time while a greeting's window is open: each
 * consenting customer gets one greeting per season group and year (the ledger key), on the first day
 * the contact policy allows (customers held back by a cap get it later in the window).
 */
export const seasonalGreetingsJob = defineJob({
  id: 'seasonal-greetings',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: 60 * 60_000, backoff: sendingBackoff(), priority: 20 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day }) {
    const due = seasonalDue(day, ctx.settings.seasons);
    if (!due.due) return;
    const { outcome } = await runAudienceTouchpoint(ctx, {
      kind: 'seasonal',
      runKey: `seasonal:${day}`,
      select: (customer) => ({ customer, period: due.period, ref: due.season.id }),
    });
    return outcome;
  },
});
