import { addDays, atShopTime, minutesOf, shopDayOf, shopMinutes, type TimeOfDay } from './shop-time.js';

/** Hours in which the shop sends nothing on its own initiative, e.g. 21:00 to 09:00 (may span midnight). */
export interface QuietHours {
  start: TimeOfDay;
  end: TimeOfDay;
}

/** True when `at` falls in the quiet hours: the start minute is quiet, the end minute is allowed. */
export function inQuietHours(at: Date, quiet: QuietHours | null, zone: string): boolean {
  if (!quiet) return false;
  const now = shopMinutes(at, zone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** `at` itself when sending is allowed then, else the end of the quiet hours it falls in. */
export function nextAllowedTime(at: Date, quiet: QuietHours | null, zone: string): Date {
  if (!quiet || !inQuietHours(at, quiet, zone)) return at;
  const today = shopDayOf(at, zone);
  const endToday = atShopTime(today, quiet.end, zone);
  return endToday > at ? endToday : atShopTime(addDays(today, 1), quiet.end, zone);
}
