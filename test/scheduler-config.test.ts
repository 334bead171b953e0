import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config.js';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('scheduler and contact-policy configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).scheduler).toEqual({
      morningTime: '09:30',
      quietHours: { start: '21:00', end: '09:00' },
      frequencyCaps: [
        { max: 1, days: 3 },
        { max: 4, days: 30 },
      ],
      regularTouch: { afterDays: 30, staggerDays: 7 },
      postVisit: { thanksAfterDays: 1, surveyAfterDays: 7, time: '10:00' },
      surveyWishEveryDays: 90,
      seasons: [
        { id: 'new-year', group: 'winter', from: '01-01', to: '01-03' },
        { id: 'kanchu', group: 'winter', from: '01-08', to: '02-03' },
        { id: 'shochu', group: 'summer', from: '07-15', to: '08-06' },
        { id: 'zansho', group: 'summer', from: '08-07', to: '08-31' },
        { id: 'year-end', group: 'year-end', from: '12-25', to: '12-30' },
      ],
      birthdayCoupon: false,
      lineRate: { pushPerSecond: 1900, multicastPerSecond: 190 },
      quotaAlertPercent: 10,
      serviceReservePercent: 10,
    });
  });

  it('reads the service reserve and the check-in notices', () => {
    expect(loadConfig({ LINE_SERVICE_RESERVE_PERCENT: '5' }).scheduler.serviceReservePercent).toBe(5);
    expect(loadConfig({}).checkIn).toEqual({ notifyStaff: true });
    expect(loadConfig({ CHECK_IN_NOTIFY_STAFF: 'OFF' }).checkIn).toEqual({ notifyStaff: false });
  });

  it('reads a shop’s own settings', () => {
    const { scheduler } = loadConfig({
      SHOP_MORNING_TIME: '10:15',
      QUIET_HOURS: 'off',
      MARKETING_FREQUENCY_CAP: '1/7d, 2/30d',
      SEASONAL_GREETINGS: 'shochu,year-end',
      SEASONAL_WINDOWS: 'shochu=07-20..08-07,zansho=08-08..08-31',
      BIRTHDAY_COUPON: 'true',
      LINE_PUSH_PER_SECOND: '500',
      SURVEY_WISH_EVERY_DAYS: '0',
    });
    expect(scheduler).toMatchObject({
      morningTime: '10:15',
      quietHours: null,
      frequencyCaps: [
        { max: 1, days: 7 },
        { max: 2, days: 30 },
      ],
      seasons: [
        { id: 'shochu', from: '07-20', to: '08-07' },
        { id: 'year-end', from: '12-25', to: '12-30' },
      ],
      birthdayCoupon: true,
      lineRate: { pushPerSecond: 500, multicastPerSecond: 190 },
      surveyWishEveryDays: 0,
    });
    expect(loadConfig({ SEASONAL_GREETINGS: 'none' }).scheduler.seasons).toEqual([]);
  });

  it.each([
    [
      { QUIET_HOURS: '21-9' },
      /QUIET_HOURS is not a range like 21:00-09:00 — use a range such as 21:00-09:00, or off/,
    ],
    [{ SHOP_MORNING_TIME: '9:30' }, /SHOP_MORNING_TIME is not a time like 09:30/],
    [
      { MARKETING_FREQUENCY_CAP: 'once a week' },
      /MARKETING_FREQUENCY_CAP .* — use limits such as 1\/3d,4\/30d/,
    ],
    [{ SEASONAL_GREETINGS: 'shochu,obon' }, /SEASONAL_GREETINGS names an unknown greeting \(obon\)/],
    [
      { SEASONAL_WINDOWS: 'shochu=07-15..08-10' },
      /SEASONAL_WINDOWS makes the windows of shochu and zansho overlap/,
    ],
    [{ SEASONAL_WINDOWS: 'shochu=08-15..07-10' }, /SEASONAL_WINDOWS has an override that is not like/],
    [{ LINE_PUSH_PER_SECOND: '2500' }, /LINE_PUSH_PER_SECOND .* \(LINE allows 2,000\)/],
    [{ REGULAR_TOUCH_AFTER_DAYS: '0' }, /REGULAR_TOUCH_AFTER_DAYS/],
    [{ LINE_SERVICE_RESERVE_PERCENT: '80' }, /LINE_SERVICE_RESERVE_PERCENT .* kept for service messages/],
    [{ CHECK_IN_NOTIFY_STAFF: 'maybe' }, /CHECK_IN_NOTIFY_STAFF .* — use on or off/],
    [
      { SURVEY_WISH_EVERY_DAYS: 'sometimes' },
      /SURVEY_WISH_EVERY_DAYS .* — use a number of days from 0 \(never ask\) to 730/,
    ],
  ])('refuses %j with a message naming the variable and the fix', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});
