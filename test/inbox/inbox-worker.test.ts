import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { freshDatabaseName } from '../support/database.js';
import { startTestApp, TEST_CHANNEL_TOKEN, type TestApp } from '../support/test-app.js';

describe('inbox worker: nothing lost, nothing twice', () => {
  let fake: FakeLineApi;
  const running: TestApp[] = [];
  const start = async (dbName: string, options: Parameters<typeof startTestApp>[0] = {}) => {
    const t = await startTestApp({ dbName, fake, ...options });
    running.push(t);
    return t;
  };

  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TEST_CHANNEL_TOKEN });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('an event acknowledged by an instance that stopped before processing it is processed after restart', async () => {
    const dbName = freshDatabaseName('crash-before');
    const first = await start(dbName);
    await first.context.inbox.worker.stop(); // from here on this instance only acknowledges
    const userId = fake.addUser({ displayName: '再起動 待ち' });
    const follow = first.line.follow(userId);
    expect((await first.line.send(follow)).status).toBe(200);
    expect((await first.context.models.InboxEvent.findById(follow.webhookEventId).lean())?.status).toBe(
      'pending',
    );
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await start(dbName);
    await second.settle();
    expect((await second.context.models.InboxEvent.findById(follow.webhookEventId).lean())?.status).toBe(
      'done',
    );
    expect(await second.context.models.Customer.findById(userId).lean()).toMatchObject({
      status: 'following',
    });
    expect(fake.deliveries.filter((d) => d.to === userId)).toHaveLength(1);
  });

  it('an event whose worker died mid-processing is taken over once its claim lapses', async () => {
    const dbName = freshDatabaseName('crash-during');
    const t = await start(dbName);
    await t.context.inbox.worker.stop();
    const userId = fake.addUser({ displayName: '途中 停止' });
    const follow = t.line.follow(userId);
    await t.line.send(follow);
    // What a worker killed after claiming the event leaves behind.
    const past = new Date(t.clock.now().getTime() - 1_000);
    await t.context.models.InboxPending.updateOne(
      { _id: follow.webhookEventId },
      { $set: { attempts: 1, claimedBy: 'inbox-killed', claimedUntil: past } },
    );
    await t.context.models.Lease.create({
      _id: `inbox:${userId}`,
      owner: 'inbox-killed',
      token: 'dead',
      expiresAt: past,
    });

    const next = await start(dbName);
    await next.settle();
    const event = await next.context.models.InboxEvent.findById(follow.webhookEventId).lean();
    expect(event).toMatchObject({ status: 'done', attempts: 2 });
    expect(fake.deliveries.filter((d) => d.to === userId)).toHaveLength(1);
    expect(await next.context.models.Lease.countDocuments({ _id: `inbox:${userId}` })).toBe(0);
    expect(await next.context.models.InboxPending.countDocuments({})).toBe(0);
  });

  it('two instances on one database, each receiving every POST, process each event once and in order', async () => {
    const dbName = freshDatabaseName('two-instances');
    const [a, b] = [await start(dbName), await start(dbName)];
    const users = Array.from({ length: 12 }, (_, i) => fake.addUser({ displayName: `並行 ${i}` }));
    const bodies = users.map((userId) => {
      const at = a.clock.now().getTime();
      const events = [
        a.line.follow(userId),
        a.line.text(userId, '一通目'),
        a.line.text(userId, '二通目'),
        a.line.text(userId, '三通目'),
      ];
      events.forEach((event, i) => (event.timestamp = at + i));
      return events;
    });
    // Each customer's events come one after another, as LINE sends them, and every one reaches both
    // instances at once (a duplicate delivery); customers are all served at the same time.
    await Promise.all(
      bodies.map(async (events) => {
        for (const event of events) {
          const answers = await Promise.all([a.line.send(event), b.line.send(event)]);
          expect(answers.map((r) => r.status)).toEqual([200, 200]);
        }
      }),
    );
    await Promise.all([a.settle(), b.settle()]);
    await Promise.all([a.settle(), b.settle()]);

    for (const userId of users) {
      // One answer per event: the welcome, then the onboarding questions answering each text.
      expect(fake.deliveries.filter((d) => d.to === userId)).toHaveLength(4);
      const log = await a.context.models.Message.find({ customerId: userId, direction: 'in' })
        .sort({ at: 1 })
        .lean();
      expect(log.map((m) => m.text)).toEqual(['一通目', '二通目', '三通目']);
    }
    const events = await a.context.models.InboxEvent.find({}).lean();
    expect(events).toHaveLength(users.length * 4);
    expect(events.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
  }, 90_000);

  it('retries a failed event with backoff and succeeds without a second delivery', async () => {
    const t = await start(freshDatabaseName('retry'));
    const userId = fake.addUser({ displayName: '一時 障害' });
    // The first attempt: LINE fails every call of the messenger's retry budget (4).
    fake.failNext(...Array.from({ length: 4 }, () => ({ status: 500 as const })));
    const follow = t.line.follow(userId);
    await t.line.send(follow);
    await t.settle();
    const event = await t.context.models.InboxEvent.findById(follow.webhookEventId).lean();
    expect(event).toMatchObject({ status: 'done', attempts: 2 });
    expect(fake.deliveries.filter((d) => d.to === userId)).toHaveLength(1);
  });

  it('parks an event after the last attempt, with the error code staff will see', async () => {
    const t = await start(freshDatabaseName('park'), { inboxWorker: { maxAttempts: 3 } });
    const userId = fake.addUser({ displayName: '長期 障害' });
    fake.failNext(...Array.from({ length: 12 }, () => ({ status: 500 as const })));
    const follow = t.line.follow(userId);
    await t.line.send(follow);
    await t.settle();
    const event = await t.context.models.InboxEvent.findById(follow.webhookEventId).lean();
    expect(event).toMatchObject({
      status: 'parked',
      attempts: 3,
      lastError: { code: 'LINE_API_UNAVAILABLE' },
    });
    expect(event?.parkedAt).toBeInstanceOf(Date);
    expect(fake.textsTo(userId)).toHaveLength(0);
  });
});
