import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Time as the shop lives it: calendar days in the shop's time zone, as `YYYY-MM-DD` strings (ShopDay,
 * for rules and ledger keys) or as day numbers (days since 1970-01-01, for the analytics' arrays of
 * a million visits). One offset lookup serves both.
 */

/** A calendar day in the shop's time zone, `YYYY-MM-DD`. */
export type ShopDay = string;

/** A time of day, `HH:mm` (24-hour). */
export type TimeOfDay = string;

/** One calendar day in milliseconds (shop days are counted in the zone, so no DST day is shorter). */
export const DAY_MS = 86_400_000;

/** The instant as seen on the shop's wall clock. */
export function shopTime(at: Date, zone: string): Dayjs {
  return dayjs(at).tz(zone);
}

const QUARTER_HOUR_MS = 900_000;
const zones = new Map<string, { format: Intl.DateTimeFormat; offsets: Map<number, number> }>();

/**
 * The zone's offset from UTC at an instant, in ms. Intl is slow and the analytics ask for a million
 * instants, so offsets are cached per zone and quarter hour (every zone changes its offset on a
 * quarter-hour boundary).
 */
function zoneOffsetMs(at: number, zone: string): number {
  let cache = zones.get(zone);
  if (!cache) {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    cache = { format, offsets: new Map() };
    zones.set(zone, cache);
  }
  const quarter = Math.floor(at / QUARTER_HOUR_MS);
  let offset = cache.offsets.get(quarter);
  if (offset === undefined) {
    if (cache.offsets.size > 500_000) cache.offsets.clear();
    const start = quarter * QUARTER_HOUR_MS;
    const parts = Object.fromEntries(
      cache.format.formatToParts(new Date(start)).map((p) => [p.type, p.value]),
    );
    offset = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!) - start;
    cache.offsets.set(quarter, offset);
  }
  return offset;
}

/** The shop's calendar day at this instant (midnight is in the shop's zone, not UTC). */
export function shopDayOf(at: Date, zone: string): ShopDay {
  const ms = at.getTime();
  return new Date(ms + zoneOffsetMs(ms, zone)).toISOString().slice(0, 10);
}

/** The instant of `time` on `day` in the shop's zone. */
export function atShopTime(day: ShopDay, time: TimeOfDay, zone: string): Date {
  return dayjs.tz(`${day} ${time}`, 'YYYY-MM-DD HH:mm', zone).toDate();
}

/** The day `n` days after `day` (negative n goes back). Pure calendar arithmetic, no zone involved. */
export function addDays(day: ShopDay, n: number): ShopDay {
  return isoDay(daysBetween(EPOCH, day) + n);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: ShopDay, to: ShopDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const EPOCH: ShopDay = '1970-01-01';

/** The day number (days since 1970-01-01) of a calendar date given as numbers; no zone involved. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDay(day: number): ShopDay {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of the month `day` is in. */
export function lastDayOfMonth(day: ShopDay): ShopDay {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return isoDay(dayNumber(year, month + 1, 0));
}

/** The month of a day, `YYYY-MM`. */
export function monthOf(day: ShopDay): string {
  return day.slice(0, 7);
}

/** True for a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a date that exists; without a year, 29 February does (a birthday). */
export function isRealDate(date: { year?: number | undefined; month: number; day: number }): boolean {
  const { year, month, day } = date;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  if (!Number.isInteger(day) || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  return !(year !== undefined && month === 2 && day === 29 && !isLeapYear(year));
}

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOf(time: TimeOfDay): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Minutes since the shop's midnight at this instant. */
export function shopMinutes(at: Date, zone: string): number {
  const ms = at.getTime();
  const local = new Date(ms + zoneOffsetMs(ms, zone));
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/**
 * Shop-local calendar days as day numbers, so "the same day" and "which month" mean what they mean
 * at the shop (the analytics count a million visits this way).
 */
export function shopCalendar(timeZone: string) {
  return {
    /** The shop-local day number of an instant. */
    dayOf(at: Date): number {
      const ms = at.getTime();
      return Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS);
    },
    /** The instant a shop-local day starts. */
    startOf(day: number): Date {
      const guess = day * DAY_MS;
      return new Date(guess - zoneOffsetMs(guess - zoneOffsetMs(guess, timeZone), timeZone));
    },
    /** 'YYYY-MM-DD' of a shop-local day number. */
    isoDay,
  };
}

export type ShopCalendar = ReturnType<typeof shopCalendar>;
