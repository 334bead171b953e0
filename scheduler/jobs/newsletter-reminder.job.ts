import { z } from 'zod';
import { isDuplicateKeyError } from '../../src/errors.js';
import { daysBetween } from '../../src/retention/shop-time.js';
import { defineJob, JOB_LOCK_MS } from '../job-definition.js';

/** Staff are reminded this many days before a month that has no newsletter edition yet. */
const REMIND_DAYS_AHEAD = 7;

/**
 * A week before a month begins without a newsletter edition, staff are told in Slack (once per
 * month, whichever instance runs first: a unique marker): without an edition the regular touch sends
 * nothing that month. Runs daily, so a late edition stops the reminders and a missed day is made up.
 */
export const newsletterReminderJob = defineJob({
  id: 'newsletter-reminder',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: () => null, priority: 5 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day, now }) {
    const month = ctx.editions.nextMonth(now);
    const daysLeft = daysBetween(day, `${month}-01`);
    if (daysLeft > REMIND_DAYS_AHEAD || (await ctx.editions.ofMonth(month))) return;
    try {
      await ctx.models.JobRun.create({ _id: `newsletter-reminder:${month}`, at: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    const [year, number] = month.split('-').map(Number) as [number, number];
    await ctx.alerts.notify({
      topic: 'newsletter-missing',
      severity: 'warning',
      title: {
        ja: `📰 ${year}年${number}月号のお知らせがまだありません（${daysLeft}日後から）`,
        en: `📰 No newsletter edition for ${month} yet (it starts in ${daysLeft} days)`,
      },
      lines: [
        {
          ja: `\`/joren newsletter ${month}\` で書いて予約してください。お知らせのない月は、定期のご連絡は送られません。`,
          en: `Write and schedule it with \`/joren newsletter ${month}\`. In a month without an edition, no regular touch is sent.`,
        },
      ],
      context: { month, daysLeft },
    });
  },
});
