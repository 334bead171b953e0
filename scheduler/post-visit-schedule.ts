import type { Visit } from '../src/db/models/index.js';
import { DAY_MS, addDays, atShopTime, shopDayOf } from '../src/retention/shop-time.js';
import type { SchedulerConfig } from '../src/scheduler-config.js';

/** What callers that record or delete visits use (the visit import, Slack commands, the sandbox). */
export interface PostVisitApi {
  /** Schedules the thank-you and the survey of a recorded visit; calling it twice schedules once. */
  schedulePostVisit(visit: Pick<Visit, '_id' | 'customerId' | 'at'>): Promise<void>;
  /** Cancels the follow-ups of a deleted visit; returns how many were cancelled. */
  cancelPostVisit(visitId: string): Promise<number>;
  /** Cancels every pending follow-up of a customer who blocked the shop. */
  cancelFollowUpsOf(customerId: string): Promise<number>;
}

/** A follow-up whose time passed longer ago than this is not sent (a visit recorded late, an import). */
const FOLLOW_UP_STALE_MS = 2 * DAY_MS;

/**
 * When a visit's follow-ups go: the thank-you `thanksAfterDays` after the visit day and the survey
 * `surveyAfterDays` after it, both at `time` in the shop's zone. A time already past (within
 * FOLLOW_UP_STALE_MS) goes now; one further past is dropped.
 */
export function followUpTimes(
  visit: Pick<Visit, 'at'>,
  settings: SchedulerConfig['postVisit'],
  now: Date,
  zone: string,
): { jobId: 'post-visit-thanks' | 'post-visit-survey'; at: Date }[] {
  const day = shopDayOf(visit.at, zone);
  const planned = [
    {
      jobId: 'post-visit-thanks' as const,
      at: atShopTime(addDays(day, settings.thanksAfterDays), settings.time, zone),
    },
    {
      jobId: 'post-visit-survey' as const,
      at: atShopTime(addDays(day, settings.surveyAfterDays), settings.time, zone),
    },
  ];
  return planned
    .filter((followUp) => now.getTime() - followUp.at.getTime() <= FOLLOW_UP_STALE_MS)
    .map((followUp) => ({ ...followUp, at: followUp.at < now ? now : followUp.at }));
}
