import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { dropDatabase, freshDatabaseName, testDatabaseUri } from '../support/database.js';
import { LineWebhookClient } from '../support/line-webhook.js';
import {
  STEP_MS,
  startMain,
  stopAllMainProcesses,
  within,
  type MainProcess,
} from '../support/main-process.js';

const SECRET = 'two-instances-channel-secret-0123';
const TOKEN = 'two-instances-access-token';

/**
 * Two real bot processes (`npm start`) on one database, LINE's webhook traffic split between them as
 * a load balancer would: every event is processed once, each customer's events in LINE's order, and
 * every answer goes out once, by reply token.
 */
describe('two bot processes on one database', () => {
  const dbName = freshDatabaseName('two-processes');
  let fake: FakeLineApi;
  let slack: FakeSlackApi;
  let processes: MainProcess[] = [];
  let clients: LineWebhookClient[] = [];

  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TOKEN });
    slack = await FakeSlackApi.start({ botToken: 'xoxb-two-instances' });
    const env = {
      PORT: '0',
      MONGODB_URI: `${testDatabaseUri().replace(/\/$/, '')}/${dbName}`,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: fake.url,
      SLACK_SIGNING_SECRET: 'two-instances-signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-two-instances',
      SLACK_API_URL: slack.apiUrl,
      SLACK_STAFF_CHANNEL: slack.addChannel({ name: 'joren-staff' }),
      SHOP_NAME: 'サロン常連',
    };
    processes = [startMain(env), startMain(env)];
    const ports = await Promise.all(
      processes.map((p, i) => within(p.listening, `process ${i} listening`, p.logs)),
    );
    clients = ports.map((port) => new LineWebhookClient(`http://127.0.0.1:${port}`, SECRET, fake));
  }, 2 * STEP_MS);

  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exit));
    stopAllMainProcesses();
    await fake.stop();
    await slack.stop();
    await dropDatabase(dbName);
  });

  it(
    'each event is processed once, in LINE order per customer, every answer sent once',
    async () => {
      const [a, b] = clients as [LineWebhookClient, LineWebhookClient];
      const users = Array.from({ length: 10 }, (_, i) => fake.addUser({ displayName: `二台 ${i}` }));
      const texts = ['一通目', '二通目', '三通目'];
      // Each customer's events one after another, as LINE sends them, alternating between the two
      // processes (starting with either); all customers at the same time.
      await Promise.all(
        users.map(async (userId, u) => {
          const events = [a.follow(userId), ...texts.map((text) => a.text(userId, text))];
          const at = Date.now();
          events.forEach((event, i) => (event.timestamp = at + i)); // LINE's stamps, in order
          for (const [i, event] of events.entries()) {
            const via = (i + u) % 2 === 0 ? a : b;
            expect((await via.send(event)).status).toBe(200);
          }
        }),
      );

      const expected = users.length * 4;
      const deadline = Date.now() + 60_000;
      while (fake.deliveries.length < expected && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would show up by now

      for (const userId of users) {
        const deliveries = fake.deliveries.filter((d) => d.to === userId);
        expect(deliveries.map((d) => d.via)).toEqual(['reply', 'reply', 'reply', 'reply']);
      }
      const client = await MongoClient.connect(testDatabaseUri());
      try {
        const db = client.db(dbName);
        for (const userId of users) {
          const log = await db
            .collection('messages')
            .find({ customerId: userId, direction: 'in' })
            .sort({ at: 1 })
            .toArray();
          expect(log.map((m) => String(m.text))).toEqual(texts);
          const events = await db.collection('inboxEvents').find({ userId }).toArray();
          const order = [...events]
            .sort((x, y) => (x.processedAt as Date).getTime() - (y.processedAt as Date).getTime())
            .map((e) => (e.eventAt as Date).getTime());
          expect(order).toEqual([...order].sort((x, y) => x - y));
        }
        const events = await db.collection('inboxEvents').find({}).toArray();
        expect(events).toHaveLength(expected);
        expect(events.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
        expect(await db.collection('inboxPending').countDocuments()).toBe(0);
      } finally {
        await client.close();
      }
    },
    2 * STEP_MS,
  );
});
