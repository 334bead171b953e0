import { z } from 'zod';
import { ErrorCode, JorenError } from './errors.js';
import { parseHours, WEEKDAYS, type BusinessHours } from './shop/business-hours.js';
import {
  schedulerEnvShape,
  schedulerHints,
  toSchedulerConfig,
  type SchedulerConfig,
} from './scheduler-config.js';

/**
 * Configuration from the environment, validated once at start. Names and defaults are the contract in
 * ARCHITECTURE.md; every variable carries the hint printed when it is missing or malformed.
 */
export interface Config {
  port: number;
  /** HOST: the address to listen on; undefined: loopback in the sandbox, every interface otherwise. */
  host: string | undefined;
  /** NODE_ENV is production: no sandbox, and the embedded database only when chosen by name. */
  production: boolean;
  /** The LINE and Slack credential variables that are set (src/start-mode.ts decides from them). */
  credentialsSet: CredentialVariable[];
  /** Unset: start the embedded MongoDB-compatible server. */
  mongodbUri: string | undefined;
  /** Where `npm start` keeps the embedded database's files. */
  dataDir: string;
  embeddedDatabase: 'auto' | 'mongod' | 'ferretdb';
  /**
   * How many Joren processes share this LINE channel. LINE's rate limits are per channel, so each
   * process paces its pushes and multicasts at the configured rate divided by this.
   */
  instances: number;
  line: LineConfig;
  slack: SlackConfig;
  shop: {
    name: string;
    timezone: string;
    hours: BusinessHours;
    bookingUrl: string | undefined;
    reviewUrl: string | undefined;
    /** A visit within this many days of a win-back check-in counts as won back. */
    winBackWindowDays: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** METRICS_TOKEN: GET /metrics answers only with this bearer token; unset: no /metrics at all. */
  metricsToken: string | undefined;
  /** Visits and reach: whether each check-in from LINE is posted in the staff channel (with an undo). */
  checkIn: { notifyStaff: boolean };
  /** How long data kept only for staff to look at is kept (docs/data.md). */
  retention: {
    /** Parked webhook events (they hold the customer's message) are deleted this many days after parking. */
    parkedEventDays: number;
  };
  /** Scheduled touchpoints and the contact policy (src/scheduler-config.ts). */
  scheduler: SchedulerConfig;
}

export type LineConfig =
  | {
      mode: 'live';
      channelSecret: string;
      channelAccessToken: string;
      apiBaseUrl: string;
      dataApiBaseUrl: string;
    }
  | { mode: 'sandbox' };

export type SlackConfig =
  | {
      mode: 'live';
      signingSecret: string;
      botToken: string;
      apiUrl: string;
      staffChannel: string;
      allowedTeamIds: string[];
      allowedUserIds: string[];
      /** The language of what Joren posts in the staff channel (each staff member picks their own). */
      language: StaffLanguage;
    }
  | { mode: 'sandbox'; allowedTeamIds: string[]; allowedUserIds: string[]; language: StaffLanguage };

/** The variables a live start needs; the sandbox runs only when none of them is set. */
export const credentialVariables = [
  'LINE_CHANNEL_SECRET',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_STAFF_CHANNEL',
] as const;

export type CredentialVariable = (typeof credentialVariables)[number];

/** Staff-facing Slack text is Japanese, with English available. */
export type StaffLanguage = 'ja' | 'en';

const hints: Record<string, string> = {
  PORT: 'use a TCP port number such as 3000',
  HOST: 'use an address to listen on, such as 127.0.0.1, 0.0.0.0 or ::',
  NODE_ENV: 'use production on a shop server; leave it unset on a development machine',
  MONGODB_URI:
    'use a connection string such as mongodb://localhost:27017/joren, or unset it to use the embedded database',
  DATA_DIR: 'use a writable directory path, or unset it for ./data',
  JOREN_EMBEDDED_DB:
    'use ferretdb or mongod (auto: the engine found first, remembered in DATA_DIR; not with NODE_ENV=production)',
  JOREN_INSTANCES:
    'use the number of Joren processes sharing this LINE channel, from 1 to 64 (each sends at 1/N of the LINE rate limits)',
  LINE_CHANNEL_SECRET: 'copy it from LINE Developers console › your channel › Basic settings',
  LINE_CHANNEL_ACCESS_TOKEN:
    'issue a long-lived token in LINE Developers console › your channel › Messaging API',
  LINE_API_BASE_URL: 'use an http(s) URL such as https://api.line.me',
  LINE_API_DATA_BASE_URL: 'use an http(s) URL such as https://api-data.line.me',
  SLACK_SIGNING_SECRET: 'copy it from api.slack.com/apps › your app › Basic Information',
  SLACK_BOT_TOKEN: 'copy the xoxb- token from api.slack.com/apps › your app › OAuth & Permissions',
  SLACK_API_URL: 'use an http(s) URL ending in /api/, such as https://slack.com/api/',
  SLACK_STAFF_CHANNEL:
    'set the id of the staff channel (starts with C, e.g. C0123456789; channel details › bottom line)',
  SLACK_ALLOWED_TEAM_IDS: 'use comma-separated Slack team ids such as T0123456789',
  SLACK_ALLOWED_USER_IDS: 'use comma-separated Slack user ids such as U0123456789',
  SLACK_LANGUAGE: 'use ja or en (the language of what Joren posts in the staff channel)',
  SHOP_TIMEZONE: 'use an IANA time zone such as Asia/Tokyo',
  SHOP_NAME: 'use the shop name customers know, such as サロン常連',
  SHOP_HOURS: 'use opening and closing time such as 10:00-19:00',
  SHOP_CLOSED_DAYS: 'use comma-separated days such as tue,wed (sun mon tue wed thu fri sat)',
  SHOP_BOOKING_URL: 'use the https URL of the booking page, or leave it unset',
  SHOP_REVIEW_URL: 'use the https URL where customers can write a review, or leave it unset',
  WIN_BACK_WINDOW_DAYS: 'use a number of days between 7 and 365, such as 60',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  METRICS_TOKEN:
    'use a random string of 32 or more letters and digits (openssl rand -hex 32), or unset it to turn /metrics off',
  PARKED_EVENT_RETENTION_DAYS: 'use a number of days between 1 and 365, such as 30',
  CHECK_IN_NOTIFY_STAFF:
    'use on or off (post each check-in from LINE in the staff channel, with an undo button)',
  ...schedulerHints,
};

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const httpUrl = z.url({ protocol: /^https?$/ });
const idList = (pattern: RegExp) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : [],
    z.array(z.string().regex(pattern, 'has an id of the wrong form')),
  );

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const envSchema = z
  .object({
    PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9.:-]+$/, 'is not an address to listen on')
        .optional(),
    ),
    NODE_ENV: optionalString,
    MONGODB_URI: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'is not a MongoDB connection string')
        .optional(),
    ),
    DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
    JOREN_EMBEDDED_DB: z.preprocess(blankToUndefined, z.enum(['auto', 'mongod', 'ferretdb']).default('auto')),
    JOREN_INSTANCES: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(64).default(1)),
    LINE_CHANNEL_SECRET: optionalString,
    LINE_CHANNEL_ACCESS_TOKEN: optionalString,
    LINE_API_BASE_URL: z.preprocess(blankToUndefined, httpUrl.default('https://api.line.me')),
    LINE_API_DATA_BASE_URL: z.preprocess(blankToUndefined, httpUrl.default('https://api-data.line.me')),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^xox[bp]-\S+$/, 'is not a bot token (it starts with xoxb-)')
        .optional(),
    ),
    SLACK_API_URL: z.preprocess(blankToUndefined, httpUrl.default('https://slack.com/api/')),
    SLACK_STAFF_CHANNEL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[CG][A-Z0-9]{6,}$/, 'is not a channel id')
        .optional(),
    ),
    SLACK_ALLOWED_TEAM_IDS: idList(/^[TE][A-Z0-9]{6,}$/),
    SLACK_ALLOWED_USER_IDS: idList(/^[UW][A-Z0-9]{6,}$/),
    SLACK_LANGUAGE: z.preprocess(blankToUndefined, z.enum(['ja', 'en']).default('ja')),
    SHOP_TIMEZONE: z.preprocess(
      blankToUndefined,
      z.string().refine(isTimeZone, 'is not a known time zone').default('Asia/Tokyo'),
    ),
    SHOP_NAME: z.preprocess(
      blankToUndefined,
      z.string().max(40, 'is longer than 40 characters').default('当店'),
    ),
    SHOP_HOURS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default('10:00-19:00')
        .transform((text, ctx) => {
          const hours = parseHours(text);
          if (!hours) ctx.addIssue({ code: 'custom', message: 'is not a time range' });
          return hours ?? { opensAt: 0, closesAt: 0 };
        }),
    ),
    SHOP_CLOSED_DAYS: z.preprocess(
      (value) =>
        typeof value === 'string'
          ? value
              .split(',')
              .map((day) => day.trim().toLowerCase())
              .filter(Boolean)
          : [],
      z.array(z.enum(WEEKDAYS, { message: 'has a day that is not sun, mon, tue, wed, thu, fri or sat' })),
    ),
    SHOP_BOOKING_URL: z.preprocess(blankToUndefined, httpUrl.optional()),
    SHOP_REVIEW_URL: z.preprocess(blankToUndefined, httpUrl.optional()),
    WIN_BACK_WINDOW_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(7).max(365).default(60)),
    PARKED_EVENT_RETENTION_DAYS: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(1).max(365).default(30),
    ),
    LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    METRICS_TOKEN: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9._~+/=-]{32,}$/, 'is too short or has characters a bearer token cannot carry')
        .optional(),
    ),
    CHECK_IN_NOTIFY_STAFF: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
      z.preprocess(blankToUndefined, z.enum(['on', 'off', 'true', 'false']).default('on')),
    ),
    ...schedulerEnvShape,
  })
  .describe('the environment variables Joren reads; the rest of the environment is left out');

/**
 * Every variable Joren reads (.env.example lists each; a test keeps them equal). Which credentials
 * must be set together is decided at start (src/start-mode.ts), so one message can name all missing.
 */
export const configVariables = Object.keys(envSchema.shape);

/**
 * Reads and validates the environment; throws one JorenError whose message is one printable line.
 * A partly configured LINE or Slack is read as not configured here; `npm start` refuses it.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const problem = issue?.code === 'invalid_type' ? 'is missing' : (issue?.message ?? 'is invalid');
    const hint = hints[name];
    throw new JorenError(
      ErrorCode.ConfigInvalid,
      `Configuration error: ${name} ${problem}${hint ? ` — ${hint}.` : '.'}`,
      { variable: name },
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    credentialsSet: credentialVariables.filter((name) => e[name] !== undefined),
    mongodbUri: e.MONGODB_URI,
    dataDir: e.DATA_DIR,
    embeddedDatabase: e.JOREN_EMBEDDED_DB,
    instances: e.JOREN_INSTANCES,
    line:
      e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN
        ? {
            mode: 'live',
            channelSecret: e.LINE_CHANNEL_SECRET,
            channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN,
            apiBaseUrl: e.LINE_API_BASE_URL,
            dataApiBaseUrl: e.LINE_API_DATA_BASE_URL,
          }
        : { mode: 'sandbox' },
    slack:
      e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN && e.SLACK_STAFF_CHANNEL
        ? {
            mode: 'live',
            signingSecret: e.SLACK_SIGNING_SECRET,
            botToken: e.SLACK_BOT_TOKEN,
            apiUrl: e.SLACK_API_URL,
            staffChannel: e.SLACK_STAFF_CHANNEL,
            allowedTeamIds: e.SLACK_ALLOWED_TEAM_IDS,
            allowedUserIds: e.SLACK_ALLOWED_USER_IDS,
            language: e.SLACK_LANGUAGE,
          }
        : {
            mode: 'sandbox',
            allowedTeamIds: e.SLACK_ALLOWED_TEAM_IDS,
            allowedUserIds: e.SLACK_ALLOWED_USER_IDS,
            language: e.SLACK_LANGUAGE,
          },
    shop: {
      name: e.SHOP_NAME,
      timezone: e.SHOP_TIMEZONE,
      hours: { ...e.SHOP_HOURS, closedDays: e.SHOP_CLOSED_DAYS, timezone: e.SHOP_TIMEZONE },
      bookingUrl: e.SHOP_BOOKING_URL,
      reviewUrl: e.SHOP_REVIEW_URL,
      winBackWindowDays: e.WIN_BACK_WINDOW_DAYS,
    },
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    checkIn: { notifyStaff: e.CHECK_IN_NOTIFY_STAFF === 'on' || e.CHECK_IN_NOTIFY_STAFF === 'true' },
    retention: { parkedEventDays: e.PARKED_EVENT_RETENTION_DAYS },
    scheduler: toSchedulerConfig(e),
  };
}
