import { isLeapYear, type ShopDay } from './shop-time.js';

/** A birthday without (or ignoring) the year. */
export interface MonthDay {
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day a birthday is celebrated in `year`. 29 February falls on 28 February in other years: it keeps
 * the greeting in the customer's own birth month, and it is the day Japanese law counts the year as
 * complete (年齢計算ニ関スル法律: a year of age ends at the close of the day before the anniversary).
 */
export function birthdayInYear(birthday: MonthDay, year: number): ShopDay {
  const day = birthday.month === 2 && birthday.day === 29 && !isLeapYear(year) ? 28 : birthday.day;
  return `${year}-${pad(birthday.month)}-${pad(day)}`;
}

/** True when `day` is the day this birthday is celebrated that year. */
export function isBirthdayOn(birthday: MonthDay | undefined, day: ShopDay): boolean {
  if (!birthday) return false;
  return birthdayInYear(birthday, Number(day.slice(0, 4))) === day;
}

/** The first day on or after `from` when this birthday is celebrated. */
export function nextBirthday(birthday: MonthDay, from: ShopDay): ShopDay {
  const year = Number(from.slice(0, 4));
  const thisYear = birthdayInYear(birthday, year);
  return thisYear >= from ? thisYear : birthdayInYear(birthday, year + 1);
}
