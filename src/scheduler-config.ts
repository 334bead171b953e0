import { z } from 'zod';
import {
  defaultSeasonCalendar,
  overlappingSeasons,
  seasonIds,
  type SeasonCalendar,
  type SeasonId,
} from './retention/seasons.js';

/**
 * The scheduler's and the contact policy's settings: environment variables, their zod schema and the
 * fix hint of each (merged into src/config.ts, which alone reads the environment).
 */
export interface SchedulerConfig {
  /** When the daily touchpoints go (birthday, seasonal, regular, win-back), shop time `HH:mm`. */
  morningTime: string;
  /** Nothing is sent on the shop's initiative in these hours; null: no quiet hours. */
  quietHours: { start: string; end: string } | null;
  /** Marketing caps per customer: at most `max` messages in any `days` days. */
  frequencyCaps: { max: number; days: number }[];
  regularTouch: { afterDays: number; staggerDays: number };
  postVisit: { thanksAfterDays: number; surveyAfterDays: number; time: string };
  /** The survey asks a customer what they would like from the shop at most once in this many days (0: never). */
  surveyWishEveryDays: number;
  /** The seasonal greetings switched on, with their windows. */
  seasons: SeasonCalendar;
  birthdayCoupon: boolean;
  /** Client-side rate limits, below LINE's (push 2,000 and multicast 200 requests a second). */
  lineRate: { pushPerSecond: number; multicastPerSecond: number };
  /** Staff are told when the month's remaining messages fall below this share of the plan. */
  quotaAlertPercent: number;
  /**
   * The share of the monthly LINE plan kept for service messages (complaint confirmations, staff
   * replies, check-in thanks pushed late, case follow-ups): marketing sends stop before it.
   */
  serviceReservePercent: number;
}

export const schedulerHints: Record<string, string> = {
  SHOP_MORNING_TIME: 'use a time such as 09:30 (24-hour, shop time)',
  QUIET_HOURS: 'use a range such as 21:00-09:00, or off',
  MARKETING_FREQUENCY_CAP: 'use limits such as 1/3d,4/30d (at most 1 message in 3 days and 4 in 30 days)',
  REGULAR_TOUCH_AFTER_DAYS: 'use a number of days from 7 to 365, such as 30',
  REGULAR_TOUCH_STAGGER_DAYS: 'use a number of days from 1 to 28, such as 7',
  POST_VISIT_THANKS_AFTER_DAYS: 'use a number of days from 0 to 14, such as 1',
  POST_VISIT_SURVEY_AFTER_DAYS: 'use a number of days from 1 to 60, such as 7',
  POST_VISIT_TIME: 'use a time such as 10:00 (24-hour, shop time)',
  SURVEY_WISH_EVERY_DAYS: 'use a number of days from 0 (never ask) to 730, such as 90',
  SEASONAL_GREETINGS: `use none, or a comma-separated list of ${seasonIds.join(', ')}`,
  SEASONAL_WINDOWS:
    'use overrides such as shochu=07-20..08-07,zansho=08-08..08-31 (MM-DD..MM-DD, windows must not overlap)',
  BIRTHDAY_COUPON: 'use true or false',
  LINE_PUSH_PER_SECOND: 'use a number of requests per second from 1 to 2000 (LINE allows 2,000)',
  LINE_MULTICAST_PER_SECOND: 'use a number of requests per second from 1 to 200 (LINE allows 200)',
  QUOTA_ALERT_PERCENT: 'use a percentage from 0 to 100, such as 10',
  LINE_SERVICE_RESERVE_PERCENT:
    'use a percentage from 0 to 50, such as 10 (the share of the monthly LINE plan kept for service messages)',
};

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const time = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().regex(TIME, 'is not a time like 09:30').default(fallback));
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const quietHours = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('21:00-09:00')
    .transform((value, ctx) => {
      if (value.trim().toLowerCase() === 'off') return null;
      const [start, end, extra] = value.split('-').map((part) => part.trim());
      if (!start || !end || extra !== undefined || !TIME.test(start) || !TIME.test(end) || start === end) {
        ctx.addIssue({ code: 'custom', message: 'is not a range like 21:00-09:00' });
        return z.NEVER;
      }
      return { start, end };
    }),
);

const frequencyCaps = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('1/3d,4/30d')
    .transform((value, ctx) => {
      const caps = value.split(',').map((part) => /^\s*(\d+)\s*\/\s*(\d+)\s*d\s*$/.exec(part));
      if (
        caps.some((match) => !match || Number(match[1]) < 1 || Number(match[2]) < 1 || Number(match[2]) > 90)
      ) {
        ctx.addIssue({ code: 'custom', message: 'is not a list of limits like 1/3d,4/30d' });
        return z.NEVER;
      }
      return caps.map((match) => ({ max: Number(match![1]), days: Number(match![2]) }));
    }),
);

const seasonalGreetings = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default(seasonIds.join(','))
    .transform((value, ctx) => {
      if (value.trim().toLowerCase() === 'none') return [] as SeasonId[];
      const ids = value.split(',').map((part) => part.trim());
      const unknown = ids.filter((id) => !(seasonIds as readonly string[]).includes(id));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `names an unknown greeting (${unknown.join(', ')})` });
        return z.NEVER;
      }
      return ids as SeasonId[];
    }),
);

const seasonalWindows = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const overrides = new Map<SeasonId, { from: string; to: string }>();
      for (const part of value.split(',').filter((p) => p.trim() !== '')) {
        const match = /^\s*([a-z-]+)\s*=\s*(\d\d-\d\d)\.\.(\d\d-\d\d)\s*$/.exec(part);
        const id = match?.[1] as SeasonId | undefined;
        if (
          !match ||
          !id ||
          !seasonIds.includes(id) ||
          !MONTH_DAY.test(match[2]!) ||
          !MONTH_DAY.test(match[3]!) ||
          match[2]! > match[3]!
        ) {
          ctx.addIssue({
            code: 'custom',
            message: `has an override that is not like shochu=07-20..08-07 (${part.trim()})`,
          });
          return z.NEVER;
        }
        overrides.set(id, { from: match[2]!, to: match[3]! });
      }
      const overlap = overlappingSeasons(
        defaultSeasonCalendar.map((season) => ({ ...season, ...overrides.get(season.id) })),
      );
      if (overlap) {
        ctx.addIssue({ code: 'custom', message: `makes the windows of ${overlap} overlap` });
        return z.NEVER;
      }
      return overrides;
    }),
);

export const schedulerEnvShape = {
  SHOP_MORNING_TIME: time('09:30'),
  QUIET_HOURS: quietHours,
  MARKETING_FREQUENCY_CAP: frequencyCaps,
  REGULAR_TOUCH_AFTER_DAYS: int(7, 365, 30),
  REGULAR_TOUCH_STAGGER_DAYS: int(1, 28, 7),
  POST_VISIT_THANKS_AFTER_DAYS: int(0, 14, 1),
  POST_VISIT_SURVEY_AFTER_DAYS: int(1, 60, 7),
  POST_VISIT_TIME: time('10:00'),
  SURVEY_WISH_EVERY_DAYS: int(0, 730, 90),
  SEASONAL_GREETINGS: seasonalGreetings,
  SEASONAL_WINDOWS: seasonalWindows,
  BIRTHDAY_COUPON: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false')),
  LINE_PUSH_PER_SECOND: int(1, 2000, 1900),
  LINE_MULTICAST_PER_SECOND: int(1, 200, 190),
  QUOTA_ALERT_PERCENT: int(0, 100, 10),
  LINE_SERVICE_RESERVE_PERCENT: int(0, 50, 10),
};

type SchedulerEnv = { [K in keyof typeof schedulerEnvShape]: z.output<(typeof schedulerEnvShape)[K]> };

/** The scheduler's settings from the validated environment. */
export function toSchedulerConfig(env: SchedulerEnv): SchedulerConfig {
  const seasons = defaultSeasonCalendar
    .filter((season) => env.SEASONAL_GREETINGS.includes(season.id))
    .map((season) => ({ ...season, ...env.SEASONAL_WINDOWS.get(season.id) }));
  return {
    morningTime: env.SHOP_MORNING_TIME,
    quietHours: env.QUIET_HOURS,
    frequencyCaps: env.MARKETING_FREQUENCY_CAP,
    regularTouch: { afterDays: env.REGULAR_TOUCH_AFTER_DAYS, staggerDays: env.REGULAR_TOUCH_STAGGER_DAYS },
    postVisit: {
      thanksAfterDays: env.POST_VISIT_THANKS_AFTER_DAYS,
      surveyAfterDays: env.POST_VISIT_SURVEY_AFTER_DAYS,
      time: env.POST_VISIT_TIME,
    },
    surveyWishEveryDays: env.SURVEY_WISH_EVERY_DAYS,
    seasons,
    birthdayCoupon: env.BIRTHDAY_COUPON === 'true',
    lineRate: { pushPerSecond: env.LINE_PUSH_PER_SECOND, multicastPerSecond: env.LINE_MULTICAST_PER_SECOND },
    quotaAlertPercent: env.QUOTA_ALERT_PERCENT,
    serviceReservePercent: env.LINE_SERVICE_RESERVE_PERCENT,
  };
}
