import type { JobDefinition } from '../job-definition.js';
import { birthdayJob } from './birthday.job.js';
import { broadcastJob } from './broadcast.job.js';
import { housekeepingJob } from './housekeeping.job.js';
import { lapseScanJob } from './lapse-scan.job.js';
import { lineQuotaJob } from './line-quota.job.js';
import { newsletterReminderJob } from './newsletter-reminder.job.js';
import { postVisitSurveyJob } from './post-visit-survey.job.js';
import { postVisitThanksJob } from './post-visit-thanks.job.js';
import { regularTouchJob } from './regular-touch.job.js';
import { seasonalGreetingsJob } from './seasonal-greetings.job.js';

/**
 * Every scheduler job. When several are due together they run in `options.priority` order (highest
 * first), which is the budget's order: quota first, then follow-ups, birthdays, win-back, broadcasts,
 * seasonal greetings, regular touches, the newsletter reminder, housekeeping.
 */
export const jobs: readonly JobDefinition<unknown>[] = [
  lineQuotaJob,
  postVisitThanksJob,
  postVisitSurveyJob,
  birthdayJob,
  lapseScanJob,
  broadcastJob,
  seasonalGreetingsJob,
  regularTouchJob,
  newsletterReminderJob,
  housekeepingJob,
];
