import { readShopStats } from '../../analytics/shop-stats.js';
import { atShopTime, monthOf, shopCalendar, shopDayOf } from '../../retention/shop-time.js';
import { statsCard } from '../blocks/stats-card.js';
import { statsVoiceBlocks } from '../blocks/stats-voice.js';
import { voiceTextFor } from '../text/voice-text.js';
import { statsArgs } from '../stats/stats-arguments.js';
import { uploadStatsChart } from '../stats/stats-chart-upload.js';
import { defineCommand } from './command.js';

/**
 * `/stats [month|quarter|year]`: the shop's figures for the period that contains today, read from the
 * monthly documents the lapse scan keeps, with this month's LINE messages from the scheduler's quota
 * record; the chart (monthly new / lost / current and the win-back funnel) goes to the staff channel.
 * Under the figures: the growth arithmetic, survey response, the silent majority, referrals and wishes.
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
    const card = statsCard(stats, quota, {
      t,
      timeZone,
      period: periodName,
      chart: posted ? t.statsChartPosted({ channel: slack.staffChannel }) : t.statsChartFailed,
    });
    const since = atShopTime(`${stats.months[0] ?? monthOf(shopDayOf(now, timeZone))}-01`, '00:00', timeZone);
    const recent = await services.voice.wishes.recent(since);
    const voice = statsVoiceBlocks(stats, recent, { vt: voiceTextFor(t), language: call.language, timeZone });
    const growth = stats.growth ? `\n${stats.growth[call.language]}` : '';
    return { text: `${card.text}${growth}`, blocks: [...(card.blocks ?? []), ...voice] };
  },
});
