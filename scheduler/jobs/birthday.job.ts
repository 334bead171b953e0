import { z } from 'zod';
import { birthdayDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';
import { runAudienceTouchpoint } from './touchpoint-run.js';

/**
 * Birthday greetings, every day at the shop's morning time: customers whose birthday it is (29
 * February: 28 February in other years) get a personal message, with the gift line when the shop
 * offers one. The ledger key is per customer and year, so restarts and reruns never greet twice; days
 * missed while Joren was down are made up for (up to three, with belated wording).
 */
export const birthdayJob = defineJob({
  id: 'birthday',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 40 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 3 },
  async handler(ctx, _data, { day }) {
    const { outcome } = await runAudienceTouchpoint(ctx, {
      kind: 'birthday',
      runKey: `birthday:${day}`,
      select: (customer, audience) => {
        const due = birthdayDue(customer.birthday, day);
        if (!due.due) return undefined;
        const belated = day < audience.today;
        return { customer, period: due.period, ...(belated ? { data: { belated: true } } : {}) };
      },
    });
    return outcome;
  },
});
