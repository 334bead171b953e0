import { describe, expect, it } from '@jest/globals';
import { birthdayInYear, isBirthdayOn, nextBirthday } from '../../src/retention/birthdays.js';
import { inQuietHours, nextAllowedTime } from '../../src/retention/quiet-hours.js';
import { defaultSeasonCalendar, seasonOn, seasonPeriod } from '../../src/retention/seasons.js';
import {
  addDays,
  atShopTime,
  daysBetween,
  lastDayOfMonth,
  shopDayOf,
} from '../../src/retention/shop-time.js';

const TOKYO = 'Asia/Tokyo';
const quiet = { start: '21:00', end: '09:00' };

describe('shop time', () => {
  it('the shop day changes at midnight in Tokyo, not at midnight UTC', () => {
    expect(shopDayOf(new Date('2027-03-01T14:59:59Z'), TOKYO)).toBe('2027-03-01');
    expect(shopDayOf(new Date('2027-03-01T15:00:00Z'), TOKYO)).toBe('2027-03-02');
    expect(atShopTime('2027-03-02', '09:30', TOKYO).toISOString()).toBe('2027-03-02T00:30:00.000Z');
  });

  it('adds days across month and year ends, leap and non-leap', () => {
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2027-01-30', '2027-03-01')).toBe(30);
    expect(lastDayOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(lastDayOfMonth('2027-02-10')).toBe('2027-02-28');
    expect(lastDayOfMonth('2027-12-31')).toBe('2027-12-31');
  });
});

describe('quiet hours (21:00–09:00 in Tokyo)', () => {
  const at = (iso: string) => new Date(iso);
  it('the start minute is quiet and the end minute is allowed', () => {
    expect(inQuietHours(at('2027-05-10T11:59:59Z'), quiet, TOKYO)).toBe(false); // 20:59:59
    expect(inQuietHours(at('2027-05-10T12:00:00Z'), quiet, TOKYO)).toBe(true); // 21:00
    expect(inQuietHours(at('2027-05-10T23:59:00Z'), quiet, TOKYO)).toBe(true); // 08:59
    expect(inQuietHours(at('2027-05-11T00:00:00Z'), quiet, TOKYO)).toBe(false); // 09:00
  });

  it('defers to 09:00 of the same morning after midnight, or of the next morning before it', () => {
    expect(nextAllowedTime(at('2027-05-10T12:30:00Z'), quiet, TOKYO).toISOString()).toBe(
      '2027-05-11T00:00:00.000Z',
    );
    expect(nextAllowedTime(at('2027-05-10T17:00:00Z'), quiet, TOKYO).toISOString()).toBe(
      '2027-05-11T00:00:00.000Z',
    );
    const noon = at('2027-05-10T03:00:00Z');
    expect(nextAllowedTime(noon, quiet, TOKYO)).toBe(noon);
  });

  it('a window within one day and no quiet hours at all', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(inQuietHours(at('2027-05-10T03:30:00Z'), lunch, TOKYO)).toBe(true);
    expect(inQuietHours(at('2027-05-10T04:00:00Z'), lunch, TOKYO)).toBe(false);
    expect(inQuietHours(at('2027-05-10T14:00:00Z'), null, TOKYO)).toBe(false);
  });
});

describe('birthdays', () => {
  const leapling = { month: 2, day: 29 };
  it('29 February is celebrated on 28 February in non-leap years and on the day in leap years', () => {
    expect(birthdayInYear(leapling, 2027)).toBe('2027-02-28');
    expect(birthdayInYear(leapling, 2028)).toBe('2028-02-29');
    expect(birthdayInYear(leapling, 2100)).toBe('2100-02-28');
    expect(birthdayInYear(leapling, 2000)).toBe('2000-02-29');
    expect(isBirthdayOn(leapling, '2027-02-28')).toBe(true);
    expect(isBirthdayOn(leapling, '2027-03-01')).toBe(false);
    expect(isBirthdayOn(leapling, '2028-02-28')).toBe(false);
    expect(isBirthdayOn(leapling, '2028-02-29')).toBe(true);
  });

  it('someone born on 28 February shares the day in non-leap years only with leaplings', () => {
    expect(isBirthdayOn({ month: 2, day: 28 }, '2028-02-28')).toBe(true);
    expect(nextBirthday({ month: 1, day: 2 }, '2026-12-31')).toBe('2027-01-02');
    expect(nextBirthday(leapling, '2027-03-01')).toBe('2028-02-29');
  });
});

describe('seasonal calendar', () => {
  it('finds the greeting of a day and keys it by group and year', () => {
    expect(seasonOn('2027-01-01', defaultSeasonCalendar)?.id).toBe('new-year');
    expect(seasonOn('2027-01-05', defaultSeasonCalendar)).toBeUndefined();
    expect(seasonOn('2027-01-08', defaultSeasonCalendar)?.id).toBe('kanchu');
    expect(seasonOn('2027-08-06', defaultSeasonCalendar)?.id).toBe('shochu');
    expect(seasonOn('2027-08-07', defaultSeasonCalendar)?.id).toBe('zansho');
    expect(seasonOn('2027-08-31', defaultSeasonCalendar)?.id).toBe('zansho');
    expect(seasonOn('2027-09-01', defaultSeasonCalendar)).toBeUndefined();
    expect(seasonOn('2027-12-25', defaultSeasonCalendar)?.id).toBe('year-end');
    const shochu = seasonOn('2027-07-20', defaultSeasonCalendar)!;
    const zansho = seasonOn('2027-08-20', defaultSeasonCalendar)!;
    expect(seasonPeriod(shochu, '2027-07-20')).toBe(seasonPeriod(zansho, '2027-08-20'));
  });
});
