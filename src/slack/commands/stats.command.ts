import { readShopStats } from '../../analytics/shop-stats.js';
import { shopCalendar } from '../../retention/shop-calendar.js';
import { monthOf, shopDayOf } from '../../retention/shop-time.js';
import { statsCard } from '../blocks/stats-card.js';
import { statsArgs } from '../stats/stats-arguments.js';
import { uploadStatsChart } from '../stats/stats-chart-upload.js';
import { defineCommand } from './command.js';

/**
 * `/stats [month|quarter|year]`: the shop's figures for the period that contains today, read from the
 * monthly documents the lapse scan keeps, with this month's LINE messages from the scheduler's quota
 * record; the chart (monthly new / lost / current and the win-back funnel) goes to the staff channel.
 */
export const statsCommand = defineCommand({
  name: '/stats',
  args: statsArgs,
  usage: (t) => t.usageStats,
  async run(period, call) {
    const { app, slack, t } = call;
    const timeZone = app.config.shop.timezone;
    const now = app.clock.now();
    const [stats, quota] = await Promise.all([
      readShopStats({ models: app.models, calendar: shopCalendar(timeZone), now }, period),
      app.models.LineQuota.findById(monthOf(shopDayOf(now, timeZone))).lean(),
    ]);
    if (!stats) return { text: t.statsNoData({ time: app.config.scheduler.morningTime }) };
    const periodName = t.statsPeriod[period] ?? period;
    const posted = await uploadStatsChart(
      { web: slack.web, channel: slack.staffChannel, log: app.log },
      stats,
      { t, language: call.language, userId: call.member.userId, period: periodName },
    );
    return statsCard(stats, quota, {
      t,
      timeZone,
      period: periodName,
      chart: posted ? t.statsChartPosted({ channel: slack.staffChannel }) : t.statsChartFailed,
    });
  },
});
