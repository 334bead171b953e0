import type { Logger } from '../log.js';

/** Text for staff: Japanese first, English alongside. */
export interface Bilingual {
  ja: string;
  en: string;
}

export type AlertTopic =
  | 'job-failed'
  | 'budget-shortfall'
  | 'quota-low'
  | 'quota-exhausted'
  | 'lapse-digest'
  | 'delivery-uncertain'
  | 'composer-missing'
  | 'event-parked';

/**
 * Something staff should know about: a job that failed, customers the budget could not cover, the
 * LINE quota running low, the daily lapse digest. `context` holds identifiers and numbers only;
 * `lines` may name customers (staff see them in Slack) but never quote what a customer wrote.
 */
export interface StaffAlert {
  topic: AlertTopic;
  severity: 'info' | 'warning' | 'error';
  title: Bilingual;
  lines?: Bilingual[];
  context?: Record<string, string | number | boolean>;
}

/** Where alerts go. The Slack adapter implements it; until then, the log. */
export interface StaffAlerts {
  notify(alert: StaffAlert): Promise<void>;
}

/**
 * Alerts as log lines: title and context at the alert's level, the detail lines (which may name
 * customers) only at debug.
 */
export class LoggingStaffAlerts implements StaffAlerts {
  constructor(private readonly log: Logger) {}

  notify(alert: StaffAlert): Promise<void> {
    const level = alert.severity === 'info' ? 'info' : alert.severity === 'warning' ? 'warn' : 'error';
    this.log[level](
      { alert: alert.topic, ...alert.context },
      `[staff] ${alert.title.en} / ${alert.title.ja}`,
    );
    if (alert.lines?.length)
      this.log.debug({ alert: alert.topic, lines: alert.lines }, 'staff alert details');
    return Promise.resolve();
  }
}
