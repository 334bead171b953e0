import type { Birthday } from '../../src/db/models/index.js';
import { normalizeTyped } from './normalize.js';

export type BirthdayParse =
  { ok: true; birthday: Birthday } | { ok: false; reason: 'unreadable' | 'impossible' };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads a birthday typed in any common form — `3/14`, `3月14日`, `0314`, `３／１４`, `1990-03-14`,
 * `1990/3/14`, `1990年3月14日`, `H2.3.14` is not attempted — and checks it is a real date
 * (2/30 and 13/1 are refused; 2/29 needs no year, or a leap year). The year is optional.
 */
export function parseBirthday(text: string, now: Date): BirthdayParse {
  const typed = normalizeTyped(text).replace(/\s/g, '');
  const parts = matchParts(typed);
  if (!parts) return { ok: false, reason: 'unreadable' };
  const { year, month, day } = parts;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!)
    return { ok: false, reason: 'impossible' };
  if (year !== undefined) {
    if (year < 1900 || year > now.getUTCFullYear()) return { ok: false, reason: 'impossible' };
    if (month === 2 && day === 29 && !isLeapYear(year)) return { ok: false, reason: 'impossible' };
    return { ok: true, birthday: { year, month, day } };
  }
  return { ok: true, birthday: { month, day } };
}

function matchParts(typed: string): { year?: number; month: number; day: number } | undefined {
  const patterns: [RegExp, (m: RegExpMatchArray) => { year?: number; month: number; day: number }][] = [
    [/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/, (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! })],
    [/^(\d{4})(\d{2})(\d{2})$/, (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! })],
    [/^(\d{1,2})[-/.月](\d{1,2})日?$/, (m) => ({ month: +m[1]!, day: +m[2]! })],
    [/^(\d{2})(\d{2})$/, (m) => ({ month: +m[1]!, day: +m[2]! })],
  ];
  for (const [pattern, read] of patterns) {
    const match = typed.match(pattern);
    if (match) return read(match);
  }
  return undefined;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A birthday from the LINE date picker's `YYYY-MM-DD`. */
export function birthdayFromPicker(date: string): Birthday | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [+match[1]!, +match[2]!, +match[3]!];
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return undefined;
  return { year, month, day };
}
