import { z } from 'zod';
import { lastContactDay } from '../../src/outreach/audience.js';
import { monthOf } from '../../src/retention/shop-time.js';
import { regularDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';
import { runAudienceTouchpoint } from './touchpoint-run.js';

/**
 * The regular touch, every day at the shop's morning time: the shop's newsletter. Customers who have
 * had no contact for REGULAR_TOUCH_AFTER_DAYS get the current month's edition, each on their own day
 * of a REGULAR_TOUCH_STAGGER_DAYS cycle (the shop never sends to everyone at once), once per edition:
 * the ledger period names it (`regular:news-2027-11:<customer>`). Without an edition for the month
 * nothing is sent — no message without news in it (staff are reminded a week ahead).
 */
export const regularTouchJob = defineJob({
  id: 'regular-touch',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 10 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day }) {
    const zone = ctx.policy.timezone;
    const edition = monthOf(day);
    if (!(await ctx.editions.ofMonth(edition))) {
      ctx.log.info({ edition }, 'no newsletter edition for this month: no regular touch');
      return;
    }
    const { outcome } = await runAudienceTouchpoint(ctx, {
      kind: 'regular',
      runKey: `regular:${day}`,
      select: (customer, audience) => {
        const last = lastContactDay(audience, customer, zone);
        const due = regularDue(customer._id, last, day, ctx.settings.regularTouch);
        return due.due ? { customer, period: `news-${edition}`, ref: edition } : undefined;
      },
    });
    return outcome;
  },
});
