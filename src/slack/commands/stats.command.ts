import { readShopStats } from '../../analytics/shop-stats.js';
import { monthOf, shopCalendar, shopDayOf } from '../../retention/shop-time.js';
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
    const { services, slack, t } = call;
    const timeZone = services.shop.timezone;
    const now = services.clock.now();
    const [stats, quota] = await Promise.all([
      readShopStats({ models: services.models, calendar: shopCalendar(timeZone), now }, period),
      services.models.LineQuota.findById(monthOf(shopDayOf(now, timeZone))).lean(),
    ]);
    if (!stats) return { text: t.statsNoData({ time: services.shop.morningTime }) };
    const periodName = t.statsPeriod[period] ?? period;
    const posted = await uploadStatsChart(
      { web: slack.web, channel: slack.staffChannel, log: services.log },
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
