import type { Birthday } from '../../src/db/models/index.js';
import { isRealDate } from '../../src/retention/shop-time.js';
import { readWrittenDate } from '../../src/text/japanese-date.js';
import { normalizeTyped } from './normalize.js';

export type BirthdayParse =
  { ok: true; birthday: Birthday } | { ok: false; reason: 'unreadable' | 'impossible' };

/**
 * Reads a birthday typed in any common form — `3/14`, `3月14日`, `0314`, `３／１４`, `1990-03-14`,
 * `1990/3/14`, `1990年3月14日`, `H2.3.14` is not attempted — and checks it is a real date
 * (2/30 and 13/1 are refused; 2/29 needs no year, or a leap year). The year is optional.
 */
export function parseBirthday(text: string, now: Date): BirthdayParse {
  const read = readWrittenDate(normalizeTyped(text).replace(/\s/g, ''), { withoutYear: true });
  if (!read.ok) return read;
  const { year, month, day } = read.date;
  if (year === undefined) return { ok: true, birthday: { month, day } };
  if (year < 1900 || year > now.getUTCFullYear()) return { ok: false, reason: 'impossible' };
  return { ok: true, birthday: { year, month, day } };
}

/** A birthday from the LINE date picker's `YYYY-MM-DD`. */
export function birthdayFromPicker(date: string): Birthday | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const birthday = { year: +match[1]!, month: +match[2]!, day: +match[3]! };
  return isRealDate(birthday) ? birthday : undefined;
}
