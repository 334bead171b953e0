import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { InboxWorker } from '../../src/inbox/inbox-worker.js';
import type { InboxEvent } from '../../src/db/models/index.js';
import { createLogger } from '../../src/log.js';
import type { WebhookEventEnvelope } from '../../src/line/webhook-events.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { freshDatabaseName } from '../support/database.js';
import { startTestApp, TEST_CHANNEL_TOKEN, type TestApp } from '../support/test-app.js';

interface Operation {
  collection: string;
  method: string;
  filter: unknown;
}

/** Records every operation mongoose sends while `recording` is on (mongoose's debug hook). */
function recordOperations() {
  const seen: Operation[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    seen.push({ collection, method, filter: args[0] });
  });
  return { seen, stop: () => mongoose.set('debug', false) };
}

const reads = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'replaceOne',
  'countDocuments',
]);

describe('inbox: waiting events kept ready, leases that hold', () => {
  let fake: FakeLineApi;
  const running: TestApp[] = [];
  const workers: InboxWorker[] = [];
  const start = async (options: Parameters<typeof startTestApp>[0] = {}) => {
    const t = await startTestApp({ dbName: freshDatabaseName('pending'), fake, ...options });
    running.push(t);
    return t;
  };

  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TEST_CHANNEL_TOKEN });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('processing reads the inbox only by _id and finds work in the waiting copies', async () => {
    const t = await start();
    await t.settle(); // the start's upkeep (a scan by age, off the hot path) is over
    const users = Array.from({ length: 5 }, (_, i) => fake.addUser({ displayName: `平坦 ${i}` }));
    const recorder = recordOperations();
    try {
      for (const userId of users) {
        await t.line.send(t.line.follow(userId));
        await t.line.send(t.line.text(userId, 'はい'));
      }
      await t.settle();
    } finally {
      recorder.stop();
    }
    const inbox = recorder.seen.filter((op) => op.collection === 'inboxEvents' && reads.has(op.method));
    expect(inbox.length).toBeGreaterThan(0);
    for (const op of inbox) expect(Object.keys(op.filter as object)).toEqual(['_id']);
    const waiting = recorder.seen.filter((op) => op.collection === 'inboxPending' && reads.has(op.method));
    expect(waiting.some((op) => op.method === 'find')).toBe(true);
    for (const op of waiting)
      expect(Object.keys(op.filter as object)).toEqual([op.method === 'find' ? 'nextAttemptAt' : '_id']);
    expect(await t.context.models.InboxPending.countDocuments({})).toBe(0);
    expect(await t.context.models.InboxEvent.countDocuments({ status: 'done' })).toBe(10);
    for (const userId of users) expect(fake.deliveries.filter((d) => d.to === userId)).toHaveLength(2);
  });

  it('processes while a burst is still being acknowledged: nothing is deferred', async () => {
    const t = await start();
    const users = Array.from({ length: 120 }, (_, i) => fake.addUser({ displayName: `波 ${i}` }));
    const before = fake.deliveredTotal;
    let repliedDuringBurst = 0;
    for (let i = 0; i < users.length; i += 10) {
      const answers = await Promise.all(users.slice(i, i + 10).map((u) => t.line.send(t.line.follow(u))));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      if (i === users.length - 10) repliedDuringBurst = fake.deliveredTotal - before;
    }
    expect(repliedDuringBurst).toBeGreaterThan(0);
    await t.settle();
    expect(fake.deliveredTotal - before).toBe(users.length);
    expect(t.context.inbox.worker.inboxBacklog()).toEqual({ events: 0, customers: 0, oldestAgeMs: 0 });
  }, 90_000);

  it('events of one customer stored out of order are processed in the order LINE stamped them', async () => {
    const t = await start();
    const userId = fake.addUser({ displayName: '順番 確認' });
    const follow = t.line.follow(userId);
    const first = t.line.text(userId, '一通目');
    const second = t.line.text(userId, '二通目');
    const at = t.clock.now().getTime();
    [follow, first, second].forEach((event, i) => (event.timestamp = at + i));
    // LINE's separate requests arrive in reverse.
    for (const event of [second, first, follow]) expect((await t.line.send(event)).status).toBe(200);
    await t.settle();
    const log = await t.context.models.Message.find({ customerId: userId, direction: 'in' })
      .sort({ at: 1 })
      .lean();
    expect(log.map((m) => m.text)).toEqual(['一通目', '二通目']);
    const done = await t.context.models.InboxEvent.find({
      _id: { $in: [follow, first, second].map((e) => e.webhookEventId) },
    }).lean();
    const order = [...done]
      .sort((a, b) => a.processedAt!.getTime() - b.processedAt!.getTime())
      .map((e) => e._id);
    expect(order).toEqual([follow.webhookEventId, first.webhookEventId, second.webhookEventId]);
  });

  it('a slow upkeep scan does not hold up the sweeps that find waiting events', async () => {
    const t = await start();
    await t.context.inbox.worker.stop();
    const { InboxEvent } = t.context.models;
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    // The upkeep's reads (by status and age) wait at the gate, as a scan of a big inbox takes minutes.
    const scansWait = new Proxy(InboxEvent, {
      get(target, property) {
        if (property === 'find') {
          return (...args: Parameters<typeof InboxEvent.find>) => ({
            limit: (n: number) => ({
              lean: () =>
                gate.then(() =>
                  target
                    .find(...args)
                    .limit(n)
                    .lean(),
                ),
            }),
          });
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const processed: string[] = [];
    const worker = new InboxWorker(
      {
        models: { ...t.context.models, InboxEvent: scansWait },
        clock: t.clock,
        log: createLogger('silent'),
        process: (event) => Promise.resolve(void processed.push(event._id)),
      },
      { reorderWindowMs: 0, sweepIntervalMs: 100, backoffMs: () => 0 },
    );
    workers.push(worker);
    try {
      worker.start();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the first upkeep waits at the gate
      const userId = fake.addUser({ displayName: '点検 中' });
      const event = t.line.text(userId, '営業時間を教えてください');
      // Stored by another instance: this worker is not told, a sweep has to find it.
      await t.context.inbox.writer.store([event] as unknown as WebhookEventEnvelope[]);
      for (let i = 0; i < 50 && !processed.includes(event.webhookEventId); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(processed).toEqual([event.webhookEventId]);
    } finally {
      openGate();
    }
  });

  describe('leases', () => {
    /** A stopped app's models with three stored events of one customer, and a record of who processed what. */
    async function setup() {
      const t = await start();
      await t.context.inbox.worker.stop();
      const userId = fake.addUser({ displayName: 'リース 確認' });
      const events = [t.line.text(userId, 'a'), t.line.text(userId, 'b'), t.line.text(userId, 'c')];
      const at = t.clock.now().getTime();
      events.forEach((event, i) => (event.timestamp = at + i));
      const stored = await t.context.inbox.writer.store(events as unknown as WebhookEventEnvelope[]);
      expect(stored).toHaveLength(3);
      const processed: { id: string; by: string }[] = [];
      const worker = (name: string, process: (event: InboxEvent) => Promise<void>, leaseMs: number) => {
        const w = new InboxWorker(
          {
            models: t.context.models,
            clock: t.clock,
            log: createLogger('silent'),
            process: async (event) => {
              await process(event);
              processed.push({ id: event._id, by: name });
            },
          },
          { leaseMs, reorderWindowMs: 0, sweepIntervalMs: 60_000, backoffMs: () => 0 },
        );
        workers.push(w);
        return w;
      };
      return { t, userId, ids: events.map((e) => e.webhookEventId), processed, worker };
    }

    it('a customer whose queue outlasts the lease keeps it: renewed, so no other worker steps in', async () => {
      const { t, userId, ids, processed, worker } = await setup();
      const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 400));
      const a = worker('a', slow, 300);
      const b = worker('b', () => Promise.resolve(), 300);
      a.start();
      await new Promise((resolve) => setTimeout(resolve, 200)); // a holds the customer now
      b.start();
      await a.drain();
      await b.drain();
      expect(processed).toEqual(ids.map((id) => ({ id, by: 'a' })));
      expect(await t.context.models.Lease.countDocuments({ _id: `inbox:${userId}` })).toBe(0);
    });

    it('a worker whose lease was taken over stops at once; the other processes the rest, none twice', async () => {
      const { t, userId, ids, processed, worker } = await setup();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started = false;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // a renews every second; between two renewals its holding lapses and b takes the customer over.
      const a = worker(
        'a',
        async () => {
          if (started) return;
          started = true;
          await held; // a is stuck in its first event
        },
        3_000,
      );
      const b = worker('b', () => Promise.resolve(), 3_000);
      a.start();
      while (!started) await sleep(20);
      await t.context.models.Lease.updateOne(
        { _id: `inbox:${userId}` },
        { $set: { expiresAt: new Date(0) } },
      );
      b.start();
      await sleep(1_300); // b took over (and found a's claim on the first event); a's renewal failed
      expect(processed).toEqual([]);
      release();
      await sleep(1_000);
      await b.drain();
      await a.drain();
      expect(processed).toEqual([
        { id: ids[0], by: 'a' },
        { id: ids[1], by: 'b' },
        { id: ids[2], by: 'b' },
      ]);
      expect(await t.context.models.InboxPending.countDocuments({})).toBe(0);
      const stored = await t.context.models.InboxEvent.find({ _id: { $in: ids } }).lean();
      expect(stored.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
    });
  });
});
