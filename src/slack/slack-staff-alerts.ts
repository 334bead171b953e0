import type { StaffAlert, StaffAlerts } from '../alerts/staff-alerts.js';
import type { Logger } from '../log.js';
import type { SlackRuntime } from './slack-app.js';

const SEVERITY = { info: 'info', warning: 'warning', error: 'critical' } as const;

/**
 * Staff alerts (failed jobs, budget shortfalls, LINE quota, the lapse digest) posted in the staff
 * channel, in the channel's language. The log keeps the topic and the numbers, never the detail lines
 * (they may name customers).
 */
export class SlackStaffAlerts implements StaffAlerts {
  constructor(
    private readonly slack: Pick<SlackRuntime, 'postAlert' | 'channelLanguage'>,
    private readonly log: Logger,
  ) {}

  async notify(alert: StaffAlert): Promise<void> {
    const language = this.slack.channelLanguage;
    const level = alert.severity === 'info' ? 'info' : alert.severity === 'warning' ? 'warn' : 'error';
    this.log[level]({ alert: alert.topic, ...alert.context }, `[staff] ${alert.title.en}`);
    await this.slack.postAlert({
      severity: SEVERITY[alert.severity],
      title: alert.title[language],
      ...(alert.lines?.length ? { details: alert.lines.map((line) => line[language]) } : {}),
    });
  }
}
