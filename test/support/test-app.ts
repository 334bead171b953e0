import { expect } from '@jest/globals';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { InboxWorkerOptions } from '../../src/inbox/inbox-worker.js';
import type { StaffAlerts } from '../../src/alerts/staff-alerts.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { StaffDesk } from '../../src/staff/staff-desk.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { freshDatabaseName, testDatabaseUri } from './database.js';
import { LineWebhookClient } from './line-webhook.js';

export const TEST_CHANNEL_SECRET = 'test-channel-secret-0123456789ab';
export const TEST_CHANNEL_TOKEN = 'test-channel-access-token';

export interface TestApp {
  app: App;
  context: AppContext;
  clock: AdjustableClock;
  fake: FakeLineApi;
  line: LineWebhookClient;
  baseUrl: string;
  dbName: string;
  /** Processes every due inbox event and waits for it. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  dbName?: string;
  clock?: AdjustableClock;
  fake?: FakeLineApi;
  env?: Record<string, string>;
  inboxWorker?: Partial<InboxWorkerOptions>;
  staffDesk?: StaffDesk;
  /** Slack slash-command timing (see src/slack/commands/run-command.ts). */
  slack?: AppOptions['slack'];
  /** Scheduler options; by default Agenda does not poll (tests travel in time with runDue). */
  scheduler?: AppOptions['scheduler'];
  staffAlerts?: StaffAlerts;
  /** The app's log (default: at TEST_LOG_LEVEL, silent); tests that check what is logged pass their own. */
  log?: Logger;
  /** LINE retry policy and call timeout (default: quick retries, 5 s timeout). */
  lineRetry?: AppOptions['lineRetry'];
  /** Where log lines go (with env LOG_LEVEL); by default nowhere (TEST_LOG_LEVEL or silent). */
  logTo?: { write(line: string): void };
}

/**
 * Starts the real app over HTTP on a free port, against the test database server and a fake LINE
 * API it owns (or one passed in, to run two instances side by side).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new AdjustableClock();
  const ownsFake = !options.fake;
  const fake =
    options.fake ??
    (await FakeLineApi.start({ channelAccessToken: TEST_CHANNEL_TOKEN, now: () => clock.now() }));
  const config = loadConfig({
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_CHANNEL_TOKEN,
    LINE_API_BASE_URL: fake.url,
    SHOP_NAME: 'サロン常連',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const dbName = options.dbName ?? freshDatabaseName(expect.getState().testPath?.split('/').pop() ?? 'test');
  const app = await createApp({
    config,
    clock,
    log: options.log ?? createLogger(config.logLevel, options.logTo),
    database: { uri: testDatabaseUri(), dbName },
    inboxWorker: { sweepIntervalMs: 200, backoffMs: () => 0, ...options.inboxWorker },
    lineRetry: options.lineRetry ?? { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 },
    ...(options.staffDesk ? { staffDesk: options.staffDesk } : {}),
    ...(options.slack ? { slack: options.slack } : {}),
    scheduler: {
      processing: false,
      deliveryRetry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 },
      ...options.scheduler,
    },
    ...(options.staffAlerts ? { staffAlerts: options.staffAlerts } : {}),
  });
  const port = await app.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    context: app.context,
    clock,
    fake,
    line: new LineWebhookClient(baseUrl, TEST_CHANNEL_SECRET, fake, () => clock.now()),
    baseUrl,
    dbName,
    settle: () => app.context.inbox.worker.drain(),
    async stop() {
      await app.stop();
      if (ownsFake) await fake.stop();
    },
  };
}
