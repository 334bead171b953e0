import type { ShopStats } from '../../analytics/shop-stats.js';
import { renderStatsChart } from '../../analytics/stats-chart.js';
import type { StaffLanguage } from '../../config.js';
import type { Logger } from '../../log.js';
import type { StaffText } from '../text/index.js';
import { slackErrorCode, type SlackWebClient } from '../web-client.js';

/**
 * Renders the /stats chart and uploads it to the staff channel with Slack's external upload flow
 * (files.getUploadURLExternal, the bytes to the returned URL, files.completeUploadExternal: the
 * older files.upload is retired). The chart holds only shop-level counts, so the staff channel may
 * see it. Returns whether Slack took it; a failure is logged with Slack's code only.
 */
export async function uploadStatsChart(
  deps: { web: SlackWebClient; channel: string; log: Logger },
  stats: ShopStats,
  who: { t: StaffText; language: StaffLanguage; userId: string; period: string },
): Promise<boolean> {
  const title = who.t.statsChartTitle({ period: who.period });
  const png = await renderStatsChart({ trend: stats.trend, funnel: stats.funnel, title }, who.language);
  try {
    await deps.web.filesUploadV2({
      channel_id: deps.channel,
      file: png,
      filename: `joren-stats-${stats.period}-${stats.months.at(-1) ?? 'now'}.png`,
      title,
      initial_comment: who.t.statsChartComment({ user: who.userId }),
    });
    return true;
  } catch (error) {
    deps.log.warn({ slackError: slackErrorCode(error) }, 'the /stats chart could not be uploaded');
    return false;
  }
}
