import type { StaffLanguage } from '../../config.js';
import type { ShopStats } from '../../analytics/shop-stats.js';
import type { Wish } from '../../db/models/index.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import { formatDate } from '../text/index.js';
import type { VoiceText } from '../text/voice-text.js';
import { kit, type Block } from './kit.js';

const percent = (share: number | undefined) => (share === undefined ? '—' : `${(share * 100).toFixed(0)}%`);

/**
 * The arithmetic of keeping customers under the /stats figures: the growth sentence (what a year's
 * loss means for new customers), the survey response rate, the silent majority next to the
 * complaints, referrals by month, and what customers wished for (by theme, and the latest in their
 * words).
 */
export function statsVoiceBlocks(
  stats: ShopStats,
  recent: Wish[],
  view: { vt: VoiceText; language: StaffLanguage; timeZone: string },
): Block[] {
  const { vt, language } = view;
  const { voice } = stats;
  const blocks: Block[] = [kit.divider()];
  if (stats.growth) blocks.push(kit.section(`${vt.statsGrowth}\n${stats.growth[language]}`));
  const month = (m: string) => (language === 'ja' ? `${Number(m.slice(5))}月` : m);
  const themes = Object.entries(voice.wishes)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([theme, count]) => `${vt.wishThemes[theme] ?? theme} ${count}`);
  const silent = voice.silent;
  blocks.push(
    kit.fields([
      [
        vt.statsResponse,
        vt.statsResponseValue({
          rate: percent(voice.surveys.rate),
          sent: voice.surveys.sent,
          answered: voice.surveys.answered,
        }),
      ],
      [
        vt.statsSilent,
        silent
          ? vt.statsSilentValue({
              neverAnswered: silent.visitedNeverAnswered,
              visited: silent.visited,
              lapsedQuiet: silent.lapsedNeverComplained,
              lapsed: silent.lapsed,
              complaints: stats.complaints.opened,
            })
          : vt.statsNone,
      ],
      [
        vt.statsReferrals,
        vt.statsReferralsValue({
          count: voice.referrals.count,
          months: voice.referrals.byMonth.map((m) => `${month(m.month)} ${m.count}`).join(' · '),
        }),
      ],
      [vt.statsWishes, themes.length > 0 ? themes.join(' · ') : vt.statsNone],
    ]),
  );
  if (recent.length > 0) {
    const lines = recent.map(
      (wish) =>
        `\`${formatDate(wish.at, view.timeZone)}\` ${vt.wishThemes[wish.theme] ?? wish.theme}` +
        (wish.text ? `: ${escapeMrkdwn(clip(wish.text, 120))}` : ''),
    );
    blocks.push(kit.section(`${vt.statsRecentWishes}\n${lines.join('\n')}`));
  }
  return blocks;
}
