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
import { caseFollowUpJob } from './case-follow-up.job.js';
import { caseReminderJob } from './case-reminder.job.js';
import { contactTasksJob } from './contact-tasks.job.js';
import { referralThanksJob } from './referral-thanks.job.js';

/**
 * Every scheduler job. When several are due together they run in `options.priority` order (highest
 * first), which is the budget's order: quota first, then follow-ups and referral thanks, birthdays, win-back, broadcasts,
 * seasonal greetings, regular touches, then the staff's contact tasks, case reminders, the newsletter
 * reminder, housekeeping.
 */
export const jobs: readonly JobDefinition<unknown>[] = [
  lineQuotaJob,
  postVisitThanksJob,
  postVisitSurveyJob,
  caseFollowUpJob,
  referralThanksJob,
  birthdayJob,
  lapseScanJob,
  broadcastJob,
  seasonalGreetingsJob,
  regularTouchJob,
  contactTasksJob,
  caseReminderJob,
  newsletterReminderJob,
  housekeepingJob,
];
