import { z } from 'zod';
import { isDuplicateKeyError } from '../../src/errors.js';
import { monthOf, shopDayOf } from '../../src/retention/shop-time.js';
import { defineJob, JOB_LOCK_MS } from '../job-definition.js';
import { exponential } from 'agenda';

/**
 * Hourly: reads the LINE plan's quota and this month's consumption (GET /v2/bot/message/quota and
 * /quota/consumption), keeps them for the month, and tells staff once a month when what is left falls
 * below QUOTA_ALERT_PERCENT of the plan.
 */
export const lineQuotaJob = defineJob({
  id: 'line-quota',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: {
    concurrency: 1,
    lockLifetimeMs: JOB_LOCK_MS,
    backoff: exponential({ delay: 30_000, maxRetries: 3 }),
    priority: 60,
  },
  schedule: { kind: 'interval', minutes: 60 },
  async handler(ctx, _data, { now }) {
    const budget = await ctx.budget.refresh();
    if (budget.limit === null || budget.limit === 0) return;
    const remaining = Math.max(0, budget.limit - budget.used);
    const percent = Math.floor((remaining / budget.limit) * 100);
    if (remaining * 100 >= budget.limit * ctx.settings.quotaAlertPercent) return;
    const month = monthOf(shopDayOf(now, ctx.policy.timezone));
    try {
      await ctx.models.JobRun.create({ _id: `alert:quota-low:${month}`, at: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    await ctx.alerts.notify({
      topic: 'quota-low',
      severity: 'warning',
      title: {
        ja: `LINEの今月の送信枠が残り${remaining}通(${percent}%)です`,
        en: `LINE quota: ${remaining} messages (${percent}%) left this month`,
      },
      lines: [
        {
          ja: `プラン上限 ${budget.limit}通のうち ${budget.used}通を使用しました。足りない場合は優先度の低い連絡から見送ります。`,
          en: `${budget.used} of the plan's ${budget.limit} used. If it runs short, the lowest-priority touches are held back first.`,
        },
      ],
      context: { limit: budget.limit, used: budget.used, remaining, month },
    });
  },
});
