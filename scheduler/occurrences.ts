import { addDays, atShopTime, shopDayOf, type ShopDay, type TimeOfDay } from '../src/retention/shop-time.js';

/** One scheduled run of a recurring job: the shop day it is for, and its key in the run markers. */
export interface Occurrence {
  key: string;
  day: ShopDay;
  scheduledAt: Date;
}

/**
 * The runs of a daily job due by `now`: today's once its time has come, and up to `catchUpDays`
 * earlier days (never before `since`, the day the job was first registered), oldest first.
 */
export function dailyOccurrences(
  now: Date,
  at: TimeOfDay,
  catchUpDays: number,
  since: ShopDay,
  zone: string,
): Occurrence[] {
  const today = shopDayOf(now, zone);
  const due: Occurrence[] = [];
  for (let back = catchUpDays; back >= 0; back--) {
    const day = addDays(today, -back);
    if (day < since) continue;
    const scheduledAt = atShopTime(day, at, zone);
    if (scheduledAt <= now) due.push({ key: day, day, scheduledAt });
  }
  return due;
}

/** The current slot of an interval job (a slot is `minutes` long, counted from the epoch). */
export function intervalOccurrence(now: Date, minutes: number, zone: string): Occurrence {
  const slotMs = minutes * 60_000;
  const scheduledAt = new Date(Math.floor(now.getTime() / slotMs) * slotMs);
  return { key: scheduledAt.toISOString(), day: shopDayOf(now, zone), scheduledAt };
}

/** The run-marker `_id` of an occurrence. */
export const occurrenceMarker = (jobId: string, occurrence: Occurrence) =>
  `occurrence:${jobId}:${occurrence.key}`;

/** Agenda's cron expression for a daily time (`30 9 * * *`), read in the shop's zone. */
export function dailyCron(at: TimeOfDay): string {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  return `${minutes} ${hours} * * *`;
}
