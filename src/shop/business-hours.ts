import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When the shop is staffed: daily opening and closing time (minutes after midnight) and closed days. */
export interface BusinessHours {
  opensAt: number;
  closesAt: number;
  closedDays: Weekday[];
  timezone: string;
}

/** Parses "10:00-19:00" into minutes after midnight; undefined when malformed. */
export function parseHours(text: string): { opensAt: number; closesAt: number } | undefined {
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const opensAt = Number(match[1]) * 60 + Number(match[2]);
  const closesAt = Number(match[3]) * 60 + Number(match[4]);
  if (Number(match[2]) > 59 || Number(match[4]) > 59 || opensAt >= closesAt || closesAt > 24 * 60)
    return undefined;
  return { opensAt, closesAt };
}

/** Whether staff are at the shop at this instant. */
export function isOpen(hours: BusinessHours, now: Date): boolean {
  const local = dayjs(now).tz(hours.timezone);
  if (hours.closedDays.includes(WEEKDAYS[local.day()])) return false;
  const minutes = local.hour() * 60 + local.minute();
  return minutes >= hours.opensAt && minutes < hours.closesAt;
}

/** "10:00〜19:00（火曜定休）" for messages to customers. */
export function describeHours(hours: BusinessHours): string {
  const hhmm = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
  const names: Record<Weekday, string> = {
    sun: '日',
    mon: '月',
    tue: '火',
    wed: '水',
    thu: '木',
    fri: '金',
    sat: '土',
  };
  const closed =
    hours.closedDays.length > 0 ? `（${hours.closedDays.map((d) => `${names[d]}曜`).join('・')}定休）` : '';
  return `${hhmm(hours.opensAt)}〜${hhmm(hours.closesAt)}${closed}`;
}
