/**
 * A process for test/scheduler/agenda-exit.test.ts: the app with Agenda's polling on runs a broadcast
 * on real time, stops, and then does nothing. A process whose stopped parts left no timer behind
 * ends by itself; main.ts ends with process.exit, which would hide such a timer.
 *
 * env: MONGODB_URI (a database of the test server).
 */
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

const token = 'agenda-exit-token';
const fake = await FakeLineApi.start({ channelAccessToken: token });
const config = loadConfig({
  LINE_CHANNEL_SECRET: 'agenda-exit-secret-0123456789abcd',
  LINE_CHANNEL_ACCESS_TOKEN: token,
  LINE_API_BASE_URL: fake.url,
  QUIET_HOURS: 'off',
  SEASONAL_GREETINGS: 'none',
  LOG_LEVEL: 'silent',
});
const app = await createApp({
  config,
  log: createLogger(config.logLevel),
  database: { uri: process.env.MONGODB_URI ?? '' },
  scheduler: { processing: true, processEveryMs: 100 },
});
await app.start(0);
const userId = fake.addUser({ displayName: 'お客' });
await app.context.models.Customer.create({ _id: userId, lineUserId: userId, status: 'following' });
const finished = new Promise<boolean>((resolve) =>
  app.context.scheduler.onFinished((job, ok) => job === 'broadcast' && resolve(ok)),
);
await app.context.scheduler.scheduleBroadcast({
  broadcastId: 'exit-check',
  text: '本日は営業しております。',
});
const ok = await finished;
await app.stop();
await fake.stop();
process.stdout.write(
  `${JSON.stringify({ stopped: true, broadcastOk: ok, delivered: fake.deliveries.length })}\n`,
);
