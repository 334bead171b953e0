import { z } from 'zod';
import { lastContactDay } from '../../src/outreach/audience.js';
import { regularDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff } from '../job-definition.js';
import { runAudienceTouchpoint } from './touchpoint-run.js';

/**
 * The regular touch, every day at the shop's morning time: customers who have had no contact for
 * REGULAR_TOUCH_AFTER_DAYS get the shop's current news, each on their own day of a
 * REGULAR_TOUCH_STAGGER_DAYS cycle, so the shop never sends to everyone at once.
 */
export const regularTouchJob = defineJob({
  id: 'regular-touch',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: 60 * 60_000, backoff: sendingBackoff(), priority: 10 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day }) {
    const zone = ctx.policy.timezone;
    const { outcome } = await runAudienceTouchpoint(ctx, {
      kind: 'regular',
      runKey: `regular:${day}`,
      select: (customer, audience) => {
        const last = lastContactDay(audience, customer, zone);
        const due = regularDue(customer._id, last, day, ctx.settings.regularTouch);
        return due.due ? { customer, period: due.period } : undefined;
      },
    });
    return outcome;
  },
});
