import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { retryKeyFor } from '../../src/line/retry-key.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { freshDatabaseName } from '../support/database.js';
import { clockAt, duplicates, friend, RecordingStaffAlerts, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, TEST_CHANNEL_TOKEN, type TestApp, type TestAppOptions } from '../support/test-app.js';
import { packPayload } from '../../src/db/models/outreach-batch.model.js';

/** Crash safety of the fan-out: nobody messaged twice, nobody forgotten. */
describe('fan-out: restarts, resumes and two schedulers', () => {
  const running: TestApp[] = [];
  const start = async (options: TestAppOptions) => {
    const t = await startTestApp({
      ...options,
      env: { REGULAR_TOUCH_AFTER_DAYS: '365', ...options.env },
      scheduler: { fanOut: { batchSize: 10, pushConcurrency: 4 }, ...options.scheduler },
    });
    running.push(t);
    return t;
  };
  const stop = async (t: TestApp) => {
    running.splice(running.indexOf(t), 1);
    await t.stop();
  };
  let fake: FakeLineApi;
  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TEST_CHANNEL_TOKEN });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
    fake.reset();
  });
  afterAll(async () => {
    await fake.stop();
  });

  const sentTo = (users: string[]) => users.map((user) => fake.deliveryCounts.get(user) ?? 0);

  it('a run cut short by a LINE outage is finished by the restarted app, with no one messaged twice', async () => {
    const dbName = freshDatabaseName('outage');
    const alerts = new RecordingStaffAlerts();
    const first = await start({
      dbName,
      fake,
      clock: clockAt('2027-07-15T09:00:00+09:00'),
      staffAlerts: alerts,
    });
    const users = await Promise.all(Array.from({ length: 30 }, () => friend(first)));
    // After 12 deliveries LINE fails: the first 500 after accepting the message, then every request.
    const unsubscribe = fake.onDelivery(() => {
      if (fake.deliveries.length === 12) {
        fake.failNext(
          { status: 500, accepted: true },
          ...Array.from({ length: 200 }, () => ({ status: 500 as const })),
        );
      }
    });
    const report = await travel(first, tokyo('2027-07-15', '09:30'));
    unsubscribe();
    expect(report.ran.find((r) => r.job === 'seasonal-greetings')).toMatchObject({
      ok: false,
      error: 'LINE_API_UNAVAILABLE',
    });
    expect(alerts.topics()).toContain('job-failed');
    const delivered = fake.deliveries.length;
    expect(delivered).toBeGreaterThanOrEqual(12);
    expect(delivered).toBeLessThan(30);
    await stop(first);

    fake.clearFaults();
    const second = await start({ dbName, fake, clock: clockAt('2027-07-15T09:40:00+09:00') });
    await second.context.scheduler.runDue();
    expect(sentTo(users)).toEqual(users.map(() => 1));
    expect(duplicates({ fake })).toEqual([]);
    const log = await second.context.models.Message.find({ purpose: 'seasonal' }).lean();
    expect(log).toHaveLength(30);
    expect(log.every((m) => m.status === 'sent' && m.via === 'push')).toBe(true);
  });

  /**
   * Thirty friends and the day's greeting, with LINE down after 5 deliveries: by then the run has
   * decided about everyone and claimed them all.
   */
  const cutShortByOutage = async (dbName: string) => {
    const first = await start({ dbName, fake, clock: clockAt('2027-07-15T09:00:00+09:00') });
    const users = await Promise.all(Array.from({ length: 30 }, () => friend(first)));
    const unsubscribe = fake.onDelivery(() => {
      if (fake.deliveries.length === 5)
        fake.failNext(...Array.from({ length: 200 }, () => ({ status: 500 as const })));
    });
    await travel(first, tokyo('2027-07-15', '09:30'));
    unsubscribe();
    return { first, users };
  };

  /** The app started again after the outage (the rerun succeeds), and a newcomer who followed meanwhile. */
  const restartAfterOutage = async (dbName: string) => {
    fake.clearFaults();
    const second = await start({ dbName, fake, clock: clockAt('2027-07-15T09:40:00+09:00') });
    const newcomer = await friend(second);
    const rerun = await second.context.scheduler.runDue();
    expect(rerun.ran.filter((r) => r.job === 'seasonal-greetings')).toEqual([
      expect.objectContaining({ ok: true }),
    ]);
    return { second, newcomer };
  };

  it('a rerun of a run that had claimed everyone only finishes its open batches, reading no audience', async () => {
    const dbName = freshDatabaseName('planned');
    const { first, users } = await cutShortByOutage(dbName);
    expect(fake.deliveries.length).toBeLessThan(30);
    expect(await first.context.models.PlannedRun.findById('seasonal:2027-07-15').lean()).not.toBeNull();
    expect(await first.context.models.SendLedger.countDocuments({ kind: 'seasonal' })).toBe(30);
    await stop(first);

    // Someone who follows after the run read its audience is not in it: the rerun does not read again.
    const { second, newcomer } = await restartAfterOutage(dbName);
    expect(sentTo(users)).toEqual(users.map(() => 1));
    expect(sentTo([newcomer])).toEqual([0]);
    expect(await second.context.models.OpenBatch.countDocuments()).toBe(0);
    // The next morning's run reads the audience again, and greets the newcomer once.
    await travel(second, tokyo('2027-07-16', '09:30'));
    expect(sentTo([...users, newcomer])).toEqual([...users, newcomer].map(() => 1));
    expect(duplicates({ fake })).toEqual([]);
  });

  it('a rerun of a run that had not claimed everyone finishes its open batches and reads the audience again', async () => {
    const dbName = freshDatabaseName('unplanned');
    const { first, users } = await cutShortByOutage(dbName);
    // As if killed before its planner reached the end of the audience.
    await first.context.models.PlannedRun.deleteMany({});
    await stop(first);

    const { second, newcomer } = await restartAfterOutage(dbName);
    expect(sentTo([...users, newcomer])).toEqual([...users, newcomer].map(() => 1));
    expect(duplicates({ fake })).toEqual([]);
    expect(await second.context.models.OpenBatch.countDocuments()).toBe(0);
    expect(await second.context.models.Message.countDocuments({ purpose: 'seasonal', status: 'sent' })).toBe(
      31,
    );
  });

  it('stopped by a shutdown mid-run, the same day’s rerun decides again about those given back and sends each once', async () => {
    const dbName = freshDatabaseName('shutdown');
    const first = await start({ dbName, fake, clock: clockAt('2027-07-15T09:00:00+09:00') });
    const users = await Promise.all(Array.from({ length: 30 }, () => friend(first)));
    let stopping: Promise<void> | undefined;
    const unsubscribe = fake.onDelivery(() => {
      if (fake.deliveries.length === 12) stopping = first.context.scheduler.stop();
    });
    await travel(first, tokyo('2027-07-15', '09:30'));
    unsubscribe();
    await stopping;
    const tonight = fake.deliveries.length;
    expect(tonight).toBeLessThan(30);
    // The claims given back are gone from the ledger and noted on their batches.
    const batches = await first.context.models.OutreachBatch.find({ runKey: 'seasonal:2027-07-15' }).lean();
    const released = batches.flatMap((batch) => batch.released ?? []);
    expect(released.length).toBeGreaterThan(0);
    expect(await first.context.models.SendLedger.countDocuments({ _id: { $in: released } })).toBe(0);
    await stop(first);

    // The restart reruns the same day's run: its claims come from its batches, less those given back.
    const second = await start({ dbName, fake, clock: clockAt('2027-07-15T09:40:00+09:00') });
    await second.context.scheduler.runDue();
    expect(sentTo(users)).toEqual(users.map(() => 1));
    expect(duplicates({ fake })).toEqual([]);
    expect(await second.context.models.SendLedger.countDocuments({ kind: 'seasonal' })).toBe(30);
    expect(await second.context.models.OpenBatch.countDocuments()).toBe(0);
  });

  it('an open batch that had not begun is claimed again on resume; an entry another run holds goes once', async () => {
    const t = await start({ fake, clock: clockAt('2027-07-15T09:29:00+09:00') });
    const [mine, theirs] = await Promise.all([friend(t), friend(t)]);
    const at = tokyo('2027-07-15', '09:30');
    const entry = (user: string) => ({
      key: `seasonal:summer-2027:${user}`,
      customerId: user,
      period: 'summer-2027',
      ref: 'shochu',
      messages: [{ type: 'text', text: '暑中お見舞い申し上げます' }],
    });
    const batch = { runKey: 'seasonal:2027-07-15', kind: 'seasonal', via: 'push' as const };
    await t.context.models.OutreachBatch.create({
      _id: 'seasonal:2027-07-15:dead:1',
      ...batch,
      recipients: 2,
      packed: packPayload({ entries: [entry(mine), entry(theirs)] }),
      createdAt: at,
    });
    // Killed after storing the batch (having planned everyone), before its claim; meanwhile another
    // run claimed one of the two and LINE accepted its message.
    await t.context.models.OpenBatch.create({ _id: 'seasonal:2027-07-15:dead:1', ...batch, at });
    await t.context.models.PlannedRun.create({ _id: 'seasonal:2027-07-15', kind: 'seasonal', at });
    const theirKey = `seasonal:summer-2027:${theirs}`;
    await t.context.models.SendLedger.create({
      _id: theirKey,
      customerId: theirs,
      kind: 'seasonal',
      period: 'summer-2027',
      runKey: batch.runKey,
      via: batch.via,
      batchId: 'seasonal:2027-07-15:other:1',
      at,
    });
    await t.context.line.api.pushMessage(
      { to: theirs, messages: entry(theirs).messages as never },
      retryKeyFor(theirKey),
    );
    await travel(t, tokyo('2027-07-15', '09:31'));
    expect(sentTo([mine, theirs])).toEqual([1, 1]);
    expect(fake.requests.filter((r) => r.status === 409)).toHaveLength(1);
    expect(await t.context.models.SendLedger.findById(`seasonal:summer-2027:${mine}`).lean()).toMatchObject({
      batchId: 'seasonal:2027-07-15:dead:1',
    });
    expect(await t.context.models.OpenBatch.countDocuments()).toBe(0);
  });

  it('an open batch whose claim was recorded goes on resume as claimed, without claiming again', async () => {
    const t = await start({ fake, clock: clockAt('2027-07-15T09:29:00+09:00') });
    const users = await Promise.all([friend(t), friend(t)]);
    const at = tokyo('2027-07-15', '09:30');
    const batch = { runKey: 'seasonal:2027-07-15', kind: 'seasonal', via: 'push' as const };
    const id = 'seasonal:2027-07-15:dead:1';
    await t.context.models.OutreachBatch.create({
      _id: id,
      ...batch,
      recipients: 2,
      packed: packPayload({
        entries: users.map((user) => ({
          key: `seasonal:summer-2027:${user}`,
          customerId: user,
          period: 'summer-2027',
          ref: 'shochu',
          messages: [{ type: 'text', text: '暑中お見舞い申し上げます' }],
        })),
      }),
      createdAt: at,
    });
    // Killed after the claim was recorded, before the batch began. (Only the first entry is in the
    // ledger here, so that a claim made again would show.)
    await t.context.models.OpenBatch.create({ _id: id, ...batch, at, claimedAt: at });
    await t.context.models.PlannedRun.create({ _id: batch.runKey, kind: 'seasonal', at });
    await t.context.models.SendLedger.create({
      _id: `seasonal:summer-2027:${users[0]}`,
      customerId: users[0],
      kind: 'seasonal',
      period: 'summer-2027',
      runKey: batch.runKey,
      via: batch.via,
      batchId: id,
      at,
    });
    await travel(t, tokyo('2027-07-15', '09:31'));
    expect(sentTo(users)).toEqual([1, 1]);
    expect(fake.requests.filter((r) => r.status === 409)).toHaveLength(0);
    expect(await t.context.models.SendLedger.countDocuments({ batchId: id })).toBe(1);
    expect(await t.context.models.OpenBatch.countDocuments()).toBe(0);
  });

  it('killed after LINE accepted but before logging: the resumed send gets 409 and is logged, not repeated', async () => {
    const dbName = freshDatabaseName('killed');
    const t = await start({ dbName, fake, clock: clockAt('2027-07-15T09:29:00+09:00') });
    const users = await Promise.all([1, 2, 3].map(() => friend(t)));
    // What a process killed mid-batch leaves: claims in the ledger, two of them already accepted by LINE.
    const claimedAt = tokyo('2027-07-15', '09:30');
    const entries = users.map((user) => ({
      _id: `seasonal:summer-2027:${user}`,
      customerId: user,
      kind: 'seasonal' as const,
      period: 'summer-2027',
      ref: 'shochu',
      runKey: 'seasonal:2027-07-15',
      batchId: 'seasonal:2027-07-15:dead:1',
      via: 'push' as const,
      messages: [{ type: 'text', text: `暑中お見舞い申し上げます(${user.slice(0, 5)})` }],
      at: claimedAt,
    }));
    await t.context.models.OutreachBatch.create({
      _id: 'seasonal:2027-07-15:dead:1',
      runKey: 'seasonal:2027-07-15',
      kind: 'seasonal',
      via: 'push',
      recipients: 3,
      packed: packPayload({
        entries: entries.map((e) => ({
          key: e._id,
          customerId: e.customerId,
          period: e.period,
          ref: e.ref,
          messages: e.messages,
        })),
      }),
      createdAt: claimedAt,
    });
    await t.context.models.OpenBatch.create({
      _id: 'seasonal:2027-07-15:dead:1',
      runKey: 'seasonal:2027-07-15',
      kind: 'seasonal',
      via: 'push',
      at: claimedAt,
      startedAt: claimedAt,
    });
    await t.context.models.SendLedger.insertMany(entries.map(({ messages: _messages, ...entry }) => entry));
    for (const entry of entries.slice(0, 2)) {
      await t.context.line.api.pushMessage(
        { to: entry.customerId, messages: entry.messages as never },
        retryKeyFor(entry._id),
      );
    }
    expect(sentTo(users)).toEqual([1, 1, 0]);

    await travel(t, tokyo('2027-07-15', '09:31'));
    expect(sentTo(users)).toEqual([1, 1, 1]);
    const conflicts = fake.requests.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(2);
    const log = await t.context.models.Message.find({ purpose: 'seasonal' }).lean();
    expect(log.map((m) => m.text).sort()).toEqual(
      entries.map((e) => (e.messages[0] as { text: string }).text).sort(),
    );
    // Every send has its outcome: the batch is no longer open.
    expect(await t.context.models.OpenBatch.findById('seasonal:2027-07-15:dead:1').lean()).toBeNull();
  });

  it('an attempt older than the retry key’s life is not resent: staff are told', async () => {
    const alerts = new RecordingStaffAlerts();
    const t = await start({ fake, clock: clockAt('2027-07-16T09:00:00+09:00'), staffAlerts: alerts });
    const user = await friend(t);
    const at = tokyo('2027-07-15', '09:30');
    const key = `seasonal:summer-2027:${user}`;
    await t.context.models.OutreachBatch.create({
      _id: 'seasonal:2027-07-15:dead:1',
      runKey: 'seasonal:2027-07-15',
      kind: 'seasonal',
      via: 'push',
      recipients: 1,
      packed: packPayload({
        entries: [
          {
            key,
            customerId: user,
            period: 'summer-2027',
            messages: [{ type: 'text', text: '暑中お見舞い申し上げます' }],
          },
        ],
      }),
      createdAt: at,
    });
    await t.context.models.OpenBatch.create({
      _id: 'seasonal:2027-07-15:dead:1',
      runKey: 'seasonal:2027-07-15',
      kind: 'seasonal',
      via: 'push',
      at,
      startedAt: at,
    });
    await t.context.models.SendLedger.create({
      _id: key,
      customerId: user,
      kind: 'seasonal',
      period: 'summer-2027',
      runKey: 'seasonal:2027-07-15',
      batchId: 'seasonal:2027-07-15:dead:1',
      via: 'push',
      at,
    });
    await travel(t, tokyo('2027-07-16', '09:30'));
    expect(sentTo([user])).toEqual([0]);
    expect(alerts.topics()).toContain('delivery-uncertain');
    expect(await t.context.models.OutreachSkip.findOne({ customerId: user }).lean()).toMatchObject({
      reason: 'uncertain',
    });
  });

  it('two schedulers on one database, running the same day at the same moment, message everyone once', async () => {
    const dbName = freshDatabaseName('two-schedulers');
    const clock = clockAt('2027-07-15T09:00:00+09:00');
    const a = await start({ dbName, fake, clock });
    const b = await start({ dbName, fake, clock });
    const users = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        friend(a, { birthday: i % 4 === 0 ? { month: 7, day: 15 } : undefined }),
      ),
    );
    const visit = await a.context.models.Visit.create({
      customerId: users[1]!,
      at: tokyo('2027-07-14', '15:00'),
      source: 'staff',
    });
    await Promise.all([
      a.context.scheduler.schedulePostVisit(visit),
      b.context.scheduler.schedulePostVisit(visit),
    ]);
    clock.travelTo(tokyo('2027-07-15', '10:00'));
    await Promise.all([a.context.scheduler.runDue(), b.context.scheduler.runDue()]);
    await Promise.all([a.context.scheduler.runDue(), b.context.scheduler.runDue()]);

    // Birthday customers get the birthday greeting (the seasonal one waits for the cap); the visitor
    // gets the thank-you, the rest the greeting: one message each, whichever process sent it.
    expect(sentTo(users)).toEqual(users.map(() => 1));
    expect(fake.textsTo(users[0]!)).toEqual([expect.stringContaining('お誕生日')]);
    expect(fake.textsTo(users[1]!)).toEqual([expect.stringContaining('昨日はサロン常連をご利用いただき')]);
    expect(fake.textsTo(users[2]!)).toEqual([expect.stringContaining('暑中お見舞い')]);
    expect(await a.context.models.Message.countDocuments({ direction: 'out' })).toBe(40);
  });

  it('a broadcast goes by multicast, at most 500 recipients a call, to consenting customers only', async () => {
    const t = await start({
      fake,
      clock: clockAt('2027-05-20T12:00:00+09:00'),
      scheduler: { fanOut: { batchSize: 500 } },
    });
    const ids = Array.from({ length: 1_101 }, (_, i) => fake.addUser({ displayName: `客${i}` }));
    await t.context.models.Customer.insertMany(
      ids.map((id, i) => ({
        _id: id,
        lineUserId: id,
        status: 'following',
        marketingOptOut: i === 0,
        followedAt: tokyo('2027-05-01'),
      })),
    );
    await t.context.scheduler.scheduleBroadcast({
      broadcastId: 'golden-week',
      text: '臨時休業のお知らせです。',
    });
    await t.context.scheduler.runDue();
    const calls = fake.requests.filter((r) => r.path === '/v2/bot/message/multicast');
    expect(calls.map((c) => (c.body as { to: string[] }).to.length)).toEqual([500, 500, 100]);
    expect(new Set(calls.map((c) => c.retryKey)).size).toBe(3);
    expect(fake.deliveries).toHaveLength(1_100);
    expect(fake.textsTo(ids[0]!)).toEqual([]);
    expect(
      await t.context.models.Message.countDocuments({
        purpose: 'broadcast',
        via: 'multicast',
        status: 'sent',
      }),
    ).toBe(1_100);
    await t.context.scheduler.scheduleBroadcast({
      broadcastId: 'golden-week',
      text: '臨時休業のお知らせです。',
    });
    await t.context.scheduler.runDue();
    expect(fake.deliveries).toHaveLength(1_100);
  });

  it('a user LINE no longer knows is marked unreachable and the failure is logged', async () => {
    const t = await start({ fake, clock: clockAt('2027-07-15T09:00:00+09:00') });
    const gone = await friend(t);
    fake.forgetUser(gone);
    await travel(t, tokyo('2027-07-15', '09:30'));
    expect(await t.context.models.Customer.findById(gone).lean()).toMatchObject({
      status: 'blocked',
      unreachableReason: 'send-failed',
    });
    expect(await t.context.models.Message.findById(`seasonal:summer-2027:${gone}#0`).lean()).toMatchObject({
      status: 'failed',
    });
  });

  it('quiet hours beginning mid-run stop it between batches; the rest go the next morning', async () => {
    const clock = clockAt('2027-07-15T20:00:00+09:00');
    const t = await start({ fake, clock, env: { SHOP_MORNING_TIME: '20:50' } });
    const users = await Promise.all(Array.from({ length: 25 }, () => friend(t)));
    const unsubscribe = fake.onDelivery(() => {
      if (fake.deliveries.length === 10) clock.travelTo(tokyo('2027-07-15', '21:00'));
    });
    await travel(t, tokyo('2027-07-15', '20:50'));
    unsubscribe();
    const tonight = fake.deliveries.length;
    expect(tonight).toBeGreaterThanOrEqual(10);
    expect(tonight).toBeLessThan(25);
    // What was claimed but not sent is given back, and nothing is left open or marked as planned.
    expect(await t.context.models.SendLedger.countDocuments({ kind: 'seasonal' })).toBe(tonight);
    expect(await t.context.models.OpenBatch.countDocuments()).toBe(0);
    expect(await t.context.models.PlannedRun.findById('seasonal:2027-07-15').lean()).toBeNull();
    await travel(t, tokyo('2027-07-16', '08:59'));
    expect(fake.deliveries).toHaveLength(tonight);
    await travel(t, tokyo('2027-07-16', '20:50'));
    expect(sentTo(users)).toEqual(users.map(() => 1));
    const sentAt = (await t.context.models.Message.find({ purpose: 'seasonal' }).lean()).map(
      (m) => m.sentAt!,
    );
    const night = sentAt.filter(
      (at) => at > tokyo('2027-07-15', '21:00') && at < tokyo('2027-07-16', '09:00'),
    );
    expect(night).toEqual([]);
    expect(sentAt.filter((at) => at >= tokyo('2027-07-16', '09:00'))).toHaveLength(25 - tonight);
  });
});
