import type { StaffAlerts } from '../src/alerts/staff-alerts.js';
import type { LapseVerdicts } from '../src/analytics/lapse-verdicts.js';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { Models } from '../src/db/models/index.js';
import type { Logger } from '../src/log.js';
import type { Audience, AudienceStream } from '../src/outreach/audience.js';
import type { LineBudget, PendingWork } from '../src/outreach/outreach-budget.js';
import type { Outreach } from '../src/outreach/outreach.js';
import type { TouchpointComposers } from '../src/outreach/touchpoints.js';
import type { ContactPolicySettings } from '../src/retention/contact-policy.js';
import type { NewsletterEditions } from '../src/newsletter/editions.js';
import type { SeasonCalendar } from '../src/retention/seasons.js';
import type { SchedulerConfig } from '../src/scheduler-config.js';
import type { CaseCare } from '../src/cases/case-care.js';
import type { ContactTasks } from '../src/customers/contact-tasks.js';
import type { ReferralThanks } from '../src/referrals/referral-thanks.js';
import type { StaffNotices } from '../src/staff/staff-notices.js';

/** Everything a job handler may use; built once by the scheduler, the clock injected. */
export interface JobContext {
  config: Config;
  settings: SchedulerConfig;
  policy: ContactPolicySettings;
  clock: Clock;
  log: Logger;
  models: Models;
  outreach: Outreach;
  composers: TouchpointComposers;
  budget: LineBudget;
  /** Who has lapsed: the last lapse scan's verdicts (what /lapsed lists). */
  lapse: LapseVerdicts;
  alerts: StaffAlerts;
  /** Visits and reach: contact tasks for customers LINE cannot reach, complaint follow-ups, notices. */
  reach: {
    contactTasks: Pick<ContactTasks, 'plan'>;
    caseCare: Pick<CaseCare, 'sendFollowUps' | 'remindStalled'>;
    notices: Pick<StaffNotices, 'contactTasks'>;
    referralThanks: Pick<ReferralThanks, 'sendDue'>;
  };
  /** The greeting calendar in force: staff's from Slack, else the environment's. */
  seasons(): Promise<SeasonCalendar>;
  /** The shop's newsletter editions (the regular touch sends the current month's). */
  editions: Pick<NewsletterEditions, 'ofMonth' | 'nextMonth'>;
  /** Customers, complaints and the send-ledger window as of now (read once per job run). */
  audience(): Promise<Audience>;
  /**
   * The same for run `runKey`, its customers arriving as they are read (each call reads anew; iterate
   * it once); a rerun's own claims so far come from its batch records.
   */
  streamAudience(runKey: string): Promise<AudienceStream>;
  /** Schedules a one-off run of a job at `at` (a time of the injected clock). */
  scheduleOnce(jobId: string, at: Date, data: Record<string, unknown>): Promise<void>;
  /** Follow-ups and broadcasts already scheduled this month (for the budget forecast). */
  pendingWork(): Promise<PendingWork>;
  /** True once the scheduler is shutting down: long runs stop between batches. */
  stopping(): boolean;
}
