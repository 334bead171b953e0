import { isRealDate } from '../retention/shop-time.js';

/** A date as written; `year` is missing for a birthday typed without one. */
export interface WrittenDate {
  year?: number;
  month: number;
  day: number;
  /** A time written after the date, when asked for (`withTime`). */
  time?: { hours: number; minutes: number };
}

const YEAR_FIRST = String.raw`(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?`;
const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?`;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH_FIRST = /^(\d{1,2})[-/.月](\d{1,2})日?$/;
const COMPACT_MONTH_DAY = /^(\d{2})(\d{2})$/;

/** A written date, or why the text is not one: not a date at all, or a date that does not exist. */
export type DateReading =
  { ok: true; date: WrittenDate } | { ok: false; reason: 'unreadable' | 'impossible' };

/**
 * Reads a date in the forms Japanese shops and customers write — `2025-01-31`, `2025/1/31`,
 * `2025.1.31`, `2025年1月31日`, `20250131`; with `withoutYear` also `3/14`, `3月14日`, `0314`; with
 * `withTime` an optional ` 10:30` after a dated form — and checks it is a real date (2/30 and 13/1
 * are not; 2/29 needs a leap year, or no year). Normalise the text (NFKC) first.
 */
export function readWrittenDate(
  text: string,
  options: { withoutYear?: boolean; withTime?: boolean } = {},
): DateReading {
  const dated = new RegExp(`^${YEAR_FIRST}${options.withTime ? TIME : ''}$`).exec(text) ?? COMPACT.exec(text);
  const undated =
    !dated && options.withoutYear ? (MONTH_FIRST.exec(text) ?? COMPACT_MONTH_DAY.exec(text)) : null;
  let date: WrittenDate;
  if (dated) date = { year: +dated[1]!, month: +dated[2]!, day: +dated[3]! };
  else if (undated) date = { month: +undated[1]!, day: +undated[2]! };
  else return { ok: false, reason: 'unreadable' };
  if (!isRealDate(date)) return { ok: false, reason: 'impossible' };
  if (dated?.[4] === undefined) return { ok: true, date };
  const hours = +dated[4];
  const minutes = +dated[5]!;
  if (hours >= 24 || minutes >= 60) return { ok: false, reason: 'impossible' };
  return { ok: true, date: { ...date, time: { hours, minutes } } };
}
