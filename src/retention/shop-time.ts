import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** A calendar day in the shop's time zone, `YYYY-MM-DD`. */
export type ShopDay = string;

/** A time of day, `HH:mm` (24-hour). */
export type TimeOfDay = string;

const DAY_MS = 86_400_000;

/** The instant as seen on the shop's wall clock. */
export function shopTime(at: Date, zone: string): Dayjs {
  return dayjs(at).tz(zone);
}

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms. Zone lookups through Intl are slow and runs ask
 * for hundreds of thousands of days, so offsets are cached per quarter hour (every zone changes its
 * offset on a quarter-hour boundary).
 */
function zoneOffsetMs(at: number, zone: string): number {
  const key = `${zone}|${Math.floor(at / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    offset = dayjs(at).tz(zone).utcOffset() * 60_000;
    offsets.set(key, offset);
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
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: ShopDay, to: ShopDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Days since 1970-01-01 of a shop day: a stable number for staggering work over days. */
export function dayNumber(day: ShopDay): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The last day of the month `day` is in. */
export function lastDayOfMonth(day: ShopDay): ShopDay {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The month of a day, `YYYY-MM`. */
export function monthOf(day: ShopDay): string {
  return day.slice(0, 7);
}

/** True for a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
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
