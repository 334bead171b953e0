import { z } from 'zod';
import { inMourningOn } from '../../src/retention/mourning.js';
import { seasonalDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';
import { runAudienceTouchpoint } from './touchpoint-run.js';

/**
 * Seasonal greetings, every day at the shop's morning time while a greeting's window is open (the
 * calendar staff set in Slack, else the environment's): each consenting customer gets one greeting
 * per season group and year (the ledger key), on the first day the contact policy allows (customers
 * held back by a cap get it later in the window). A customer staff marked 喪中 gets no New Year
 * greeting; the winter group stays open for them, so 寒中見舞い (in its mourning wording) goes instead.
 */
export const seasonalGreetingsJob = defineJob({
  id: 'seasonal-greetings',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 20 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day }) {
    const due = seasonalDue(day, await ctx.seasons());
    if (!due.due) return;
    const zone = ctx.policy.timezone;
    const { outcome } = await runAudienceTouchpoint(ctx, {
      kind: 'seasonal',
      runKey: `seasonal:${day}`,
      select: (customer) => {
        const mourning = due.season.group === 'winter' && inMourningOn(customer.mourningMarkedAt, day, zone);
        if (mourning && due.season.id === 'new-year') return undefined;
        return {
          customer,
          period: due.period,
          ref: due.season.id,
          ...(mourning ? { data: { mourning: true } } : {}),
        };
      },
    });
    return outcome;
  },
});
