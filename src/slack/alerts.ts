import type { Logger } from '../log.js';
import { kit } from './blocks/kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { slackErrorCode, type SlackWebClient } from './web-client.js';

/**
 * Something staff must know that no customer conversation carries: a parked webhook event, LINE
 * quota running low, a failed job, a very low survey score. Texts are written by the sender, in the
 * staff channel's language (`context.slack.channelLanguage`), without customers' words.
 */
export interface StaffAlert {
  severity: 'info' | 'warning' | 'critical';
  title: string;
  details?: string[];
}

const ICON: Record<StaffAlert['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/** Posts an alert to the staff channel; false (and logged) when Slack did not take it. */
export async function postAlert(
  deps: { web: SlackWebClient; staffChannel: string; log: Logger },
  alert: StaffAlert,
): Promise<boolean> {
  const title = `${ICON[alert.severity]} *${escapeMrkdwn(alert.title)}*`;
  const details = (alert.details ?? []).map((line) => escapeMrkdwn(line));
  try {
    await deps.web.chat.postMessage({
      channel: deps.staffChannel,
      text: [title, ...details].join('\n'),
      blocks: [kit.section(title), ...(details.length ? [kit.context(...details)] : [])],
    });
    return true;
  } catch (error) {
    deps.log.error({ severity: alert.severity, slackError: slackErrorCode(error) }, 'staff alert not posted');
    return false;
  }
}
