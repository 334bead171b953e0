import type { App, types } from '@slack/bolt';
import { kit, type Block } from '../blocks/kit.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { SlackDeps } from '../slack-deps.js';
import { formatDate, staffText, type StaffText } from '../text/index.js';
import { opsText, type OpsText } from '../text/ops-text.js';
import { slackErrorCode } from '../web-client.js';
import { readHomeFigures, type HomeFigures } from './home-figures.js';
import { SEND_CHECK_IN_QR } from '../reach/reach-blocks.js';
import { reachTextFor } from '../text/ops-text.js';
import type { TodaysCheckIn } from '../../visits/check-ins.js';

/** The App Home in a staff member's language: today's follow-ups, open cases, lapsed customers, quota. */
function homeView(
  figures: HomeFigures,
  t: StaffText,
  o: OpsText,
  timeZone: string,
  checkIn: TodaysCheckIn | undefined,
): types.HomeView {
  const blocks: Block[] = [
    kit.header(o.homeTitle({ day: figures.today.replace(/-/g, '/') })),
    ...checkInBlocks(checkIn, t),
    kit.section(`*${o.homeFollowUps}*`),
    kit.context(
      o.homeThanks({ count: figures.followUps.thanks }),
      o.homeSurveys({ count: figures.followUps.surveys }),
    ),
    kit.divider(),
    kit.section(`*${o.homeCases}* (${figures.openCaseCount})`),
  ];
  if (figures.openCases.length === 0) blocks.push(kit.context(o.homeNoCases));
  else {
    const lines = figures.openCases.map((c) =>
      o.homeCaseLine({
        name: escapeMrkdwn(c.customerName),
        status: t.caseStatus[c.status],
        since: formatDate(c.openedAt, timeZone),
      }),
    );
    blocks.push(kit.section(lines.join('\n')));
    const hidden = figures.openCaseCount - figures.openCases.length;
    if (hidden > 0) blocks.push(kit.context(`+${hidden}`));
  }
  blocks.push(kit.divider(), kit.section(`*${o.homeLapsed}*`), kit.context(lapsedLine(figures, o, timeZone)));
  blocks.push(kit.divider(), kit.section(`*${o.homeQuota}*`), kit.context(quotaLine(figures, o)));
  blocks.push(kit.divider(), kit.context(o.homeHelp));
  return { type: 'home', blocks };
}

/** Today's check-in code, and the button that posts its QR (none when LINE's bot info is unreadable). */
function checkInBlocks(checkIn: TodaysCheckIn | undefined, t: StaffText): Block[] {
  if (!checkIn) return [];
  const r = reachTextFor(t);
  return [
    kit.section(
      `*${r.checkInHome}*\n${r.checkInToday({ day: checkIn.day.replace(/-/g, '/'), code: checkIn.code })}`,
      kit.button(r.checkInQrButton, SEND_CHECK_IN_QR, checkIn.day, { style: 'primary' }),
    ),
    kit.divider(),
  ];
}

function lapsedLine(figures: HomeFigures, o: OpsText, timeZone: string): string {
  const lapsed = figures.lapsed;
  if (!lapsed) return o.homeLapsedNoScan;
  const previous = lapsed.previous;
  if (!previous) return o.homeLapsedLine({ lapsed: lapsed.count, trend: '' }).trim();
  const day = formatDate(previous.at, timeZone);
  const delta = lapsed.count - previous.count;
  const trend =
    delta > 0
      ? o.homeTrendUp({ delta, day })
      : delta < 0
        ? o.homeTrendDown({ delta: -delta, day })
        : o.homeTrendFlat({ day });
  return o.homeLapsedLine({ lapsed: lapsed.count, trend });
}

function quotaLine(figures: HomeFigures, o: OpsText): string {
  const quota = figures.quota;
  if (!quota) return o.quotaUnknown;
  const limit = quota.limit === null ? o.quotaUnlimited : String(quota.limit);
  const remaining = quota.limit === null ? o.quotaUnlimited : String(Math.max(0, quota.limit - quota.used));
  return o.homeQuotaLine({ used: quota.used, limit, remaining });
}

/** Publishes the App Home each time a staff member opens it, so the figures are today's. */
export function registerAppHome(bolt: App, deps: SlackDeps): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const member = { teamId: body.team_id, userId: event.user };
    const language = await deps.slack.staff.languageOf(member);
    try {
      const figures = await readHomeFigures(deps.services);
      const checkIn = await deps.services.reach.checkIns.today().catch(() => undefined);
      await deps.slack.web.views.publish({
        user_id: event.user,
        view: homeView(figures, staffText(language), opsText(language), deps.services.shop.timezone, checkIn),
      });
    } catch (error) {
      deps.services.log.error({ slackError: slackErrorCode(error) }, 'App Home not published');
    }
  });
}
