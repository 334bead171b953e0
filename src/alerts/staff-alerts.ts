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
  | 'event-parked'
  | 'template-broken'
  | 'newsletter-missing';

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
