import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config.js';

const messageOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('loadConfig', () => {
  it('starts in sandbox mode with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      mongodbUri: undefined,
      line: { mode: 'sandbox' },
      slack: { mode: 'sandbox' },
      shop: { timezone: 'Asia/Tokyo' },
      logLevel: 'info',
    });
  });

  it('reads JOREN_INSTANCES (default 1) and refuses a count that is not 1 to 64', () => {
    expect(loadConfig({}).instances).toBe(1);
    expect(loadConfig({ JOREN_INSTANCES: '2' }).instances).toBe(2);
    for (const bad of ['0', '65', 'two', '1.5']) {
      expect(messageOf({ JOREN_INSTANCES: bad })).toMatch(
        /^Configuration error: JOREN_INSTANCES .* from 1 to 64/,
      );
    }
  });

  it('reads live LINE and Slack settings', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.mongodb.net/joren',
      LINE_CHANNEL_SECRET: 'secret',
      LINE_CHANNEL_ACCESS_TOKEN: 'token',
      LINE_API_BASE_URL: 'http://127.0.0.1:9999',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_STAFF_CHANNEL: 'C0123456789',
      SLACK_ALLOWED_TEAM_IDS: 'T0123456789, T0987654321',
      SHOP_TIMEZONE: 'Asia/Tokyo',
    });
    expect(config.port).toBe(8080);
    expect(config.line).toEqual({
      mode: 'live',
      channelSecret: 'secret',
      channelAccessToken: 'token',
      apiBaseUrl: 'http://127.0.0.1:9999',
      dataApiBaseUrl: 'https://api-data.line.me',
    });
    expect(config.slack).toMatchObject({
      mode: 'live',
      staffChannel: 'C0123456789',
      allowedTeamIds: ['T0123456789', 'T0987654321'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT .* — use a TCP port number/],
    [{ PORT: '70000' }, /^Configuration error: PORT/],
    [
      { MONGODB_URI: 'postgres://x' },
      /^Configuration error: MONGODB_URI is not a MongoDB connection string — /,
    ],
    [{ LINE_API_BASE_URL: 'ftp://x' }, /^Configuration error: LINE_API_BASE_URL/],
    [{ HOST: 'my host' }, /^Configuration error: HOST is not an address to listen on — use an address/],
    [
      { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'not-a-token', SLACK_STAFF_CHANNEL: 'C0123456789' },
      /^Configuration error: SLACK_BOT_TOKEN is not a bot token/,
    ],
    [
      { SLACK_ALLOWED_USER_IDS: 'U0123456789,bob' },
      /^Configuration error: SLACK_ALLOWED_USER_IDS has an id of the wrong form/,
    ],
    [
      { SHOP_TIMEZONE: 'Mars/Olympus' },
      /^Configuration error: SHOP_TIMEZONE is not a known time zone — use an IANA time zone/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL/],
  ])('refuses %j with one line naming the variable and the fix', (env, expected) => {
    const message = messageOf(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('reads a partly configured LINE or Slack as not configured, and says which credentials are set', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: 'only-the-secret', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(config).toMatchObject({ line: { mode: 'sandbox' }, slack: { mode: 'sandbox' } });
    expect(config.credentialsSet).toEqual(['LINE_CHANNEL_SECRET', 'SLACK_BOT_TOKEN']);
    expect(loadConfig({}).credentialsSet).toEqual([]);
  });

  it('reads NODE_ENV=production and HOST', () => {
    expect(loadConfig({ NODE_ENV: 'production', HOST: '::' })).toMatchObject({
      production: true,
      host: '::',
    });
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ production: false, host: undefined });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', LINE_CHANNEL_SECRET: ' ', LINE_CHANNEL_ACCESS_TOKEN: '' }).line.mode).toBe(
      'sandbox',
    );
  });
});

describe('shop settings', () => {
  it('reads business hours, closed days and links', () => {
    const { shop } = loadConfig({
      SHOP_HOURS: '9:30-18:00',
      SHOP_CLOSED_DAYS: 'Tue, wed',
      SHOP_BOOKING_URL: 'https://example.com/book',
    });
    expect(shop.hours).toEqual({
      opensAt: 570,
      closesAt: 1080,
      closedDays: ['tue', 'wed'],
      timezone: 'Asia/Tokyo',
    });
    expect(shop.bookingUrl).toBe('https://example.com/book');
    expect(shop.winBackWindowDays).toBe(60);
  });

  it('keeps parked webhook events 30 days unless told otherwise', () => {
    expect(loadConfig({}).retention.parkedEventDays).toBe(30);
    expect(loadConfig({ PARKED_EVENT_RETENTION_DAYS: '7' }).retention.parkedEventDays).toBe(7);
  });

  it.each([
    [
      { SHOP_HOURS: '19:00-10:00' },
      /^Configuration error: SHOP_HOURS is not a time range — use opening and closing time/,
    ],
    [{ SHOP_CLOSED_DAYS: 'tue,someday' }, /^Configuration error: SHOP_CLOSED_DAYS has a day that is not/],
    [{ SHOP_BOOKING_URL: 'javascript:alert(1)' }, /^Configuration error: SHOP_BOOKING_URL/],
    [
      { PARKED_EVENT_RETENTION_DAYS: '0' },
      /^Configuration error: PARKED_EVENT_RETENTION_DAYS.*between 1 and 365/,
    ],
    [{ PARKED_EVENT_RETENTION_DAYS: 'forever' }, /^Configuration error: PARKED_EVENT_RETENTION_DAYS/],
  ])('refuses %j', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(expected);
  });
});
