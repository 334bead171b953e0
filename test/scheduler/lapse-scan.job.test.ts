import { afterEach, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import type { ComposeInput } from '../../src/outreach/touchpoints.js';
import { clockAt, friend, RecordingStaffAlerts, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('lapse scan job', () => {
  const running: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  const start = async (withComposer: boolean) => {
    const alerts = new RecordingStaffAlerts();
    const t = await startTestApp({
      clock: clockAt('2027-04-01T08:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none', REGULAR_TOUCH_AFTER_DAYS: '365' },
      staffAlerts: alerts,
    });
    running.push(t);
    const asked: ComposeInput[] = [];
    if (!withComposer) t.context.touchpoints.unregister('win-back');
    else {
      t.context.touchpoints.register('win-back', {
        compose: (input) => {
          asked.push(input);
          return Promise.resolve([{ type: 'text', text: 'お元気ですか' }]);
        },
      });
    }
    return { t, alerts, asked };
  };

  /** Visits recorded as staff record them (the scan reads visits, not the customer's counters). */
  const visit = (t: TestApp, customerId: string, at: Date) =>
    recordVisit(t.context.models, {
      key: `v:${customerId}:${at.toISOString()}`,
      customerId,
      at,
      source: 'staff',
    });

  /**
   * A regular who came every 20 days (three visits), the last time at 09:00 on `last`. With this little
   * history the scan uses the overdue rule (three of their own intervals): lapsed 60 days later.
   */
  const regular = async (t: TestApp, last: string, fields = {}) => {
    const id = await friend(t, fields);
    for (const back of [40, 20, 0])
      await visit(t, id, new Date(tokyo(last, '09:00').getTime() - back * 86_400_000));
    return id;
  };

  it('checks in once per lapse episode on newly lapsed customers and posts a digest', async () => {
    const { t, alerts, asked } = await start(true);
    const lapsing = await regular(t, '2027-02-01', { displayName: '離反 一郎' }); // 60 days after: 2 April
    const fine = await regular(t, '2027-03-21');
    const longGone = await regular(t, '2025-06-01');

    await travel(t, tokyo('2027-04-01', '09:30'));
    expect(t.fake.deliveries).toHaveLength(0);
    await travel(t, tokyo('2027-04-02', '09:30'));
    expect(t.fake.textsTo(lapsing)).toEqual(['お元気ですか']);
    expect(asked[0]).toMatchObject({
      ref: `${lapsing}:2027-04-02`,
      customer: { _id: lapsing, displayName: '離反 一郎' },
    });
    for (const day of ['2027-04-03', '2027-04-10', '2027-04-20']) await travel(t, tokyo(day, '09:30'));
    expect(t.fake.textsTo(lapsing)).toHaveLength(1);
    expect(t.fake.textsTo(fine)).toEqual([]);
    expect(t.fake.textsTo(longGone)).toEqual([]);

    const episode = await t.context.models.WinBack.findById(`${lapsing}:2027-04-02`).lean();
    expect(episode).toMatchObject({ customerId: lapsing, outcome: 'pending' });
    expect(episode?.checkInSentAt).toBeInstanceOf(Date);
    // The first scan (1 April) opened the long-gone customer's old episode, without a check-in.
    expect(await t.context.models.WinBack.findById(`${longGone}:2025-07-31`).lean()).toMatchObject({
      outcome: 'pending',
    });
    const scan = await t.context.models.LapseRun.findById('2027-04-02').lean();
    expect(scan).toMatchObject({
      model: 'overdue-rule',
      scanned: 3,
      newlyLapsed: 1,
      checkInsSent: 1,
      lapsed: 2,
    });
    expect(scan?.fallbackReason).toMatch(/customers with visits/);
    const digest = alerts.alerts.find((a) => a.topic === 'lapse-digest' && a.context?.day === '2027-04-02');
    expect(digest?.title.ja).toBe('2027-04-02 離反スキャン: 新たに離反 1名、チェックイン送信 1名');
    expect(digest?.lines?.map((l) => l.ja)).toContain('新たに離反: 離反 一郎');

    // They come back and lapse again: a new episode, a new check-in.
    // Visits from 2026-12-22 to 2027-04-25: an interval of 41 days, lapsed again 123 days later.
    await visit(t, lapsing, tokyo('2027-04-25', '11:00'));
    await travel(t, tokyo('2027-08-25', '09:30'));
    expect(t.fake.textsTo(lapsing)).toHaveLength(1);
    await travel(t, tokyo('2027-08-26', '09:30'));
    expect(t.fake.textsTo(lapsing)).toHaveLength(2);
    expect(await t.context.models.WinBack.findById(`${lapsing}:2027-08-26`).lean()).toMatchObject({
      outcome: 'pending',
    });
    expect(await t.context.models.WinBack.countDocuments({ customerId: lapsing })).toBe(2);
  });

  it('staff snoozing or contacting the customer holds the check-in; without the flow’s composer staff are told', async () => {
    const { t, alerts } = await start(false);
    const user = await regular(t, '2027-02-01');
    const called = await regular(t, '2027-02-01');
    await travel(t, tokyo('2027-04-02', '09:30'));
    expect(t.fake.textsTo(user)).toEqual([]);
    const digest = alerts.alerts.find((a) => a.topic === 'lapse-digest');
    expect(digest?.lines?.some((l) => l.en.includes('No composer for the win-back check-in'))).toBe(true);
    expect(await t.context.models.WinBack.findById(`${user}:2027-04-02`).lean()).toMatchObject({
      outcome: 'pending',
    });

    t.context.touchpoints.register('win-back', {
      compose: () => Promise.resolve([{ type: 'text', text: 'お元気ですか' }]),
    });
    await t.context.models.WinBack.updateOne(
      { _id: `${user}:2027-04-02` },
      { $set: { snoozedUntil: tokyo('2027-04-05', '00:00') } },
    );
    await t.context.models.WinBack.updateOne(
      { _id: `${called}:2027-04-02` },
      { $set: { contactedAt: tokyo('2027-04-02', '12:00'), contactedBy: 'U_STAFF' } },
    );
    await travel(t, tokyo('2027-04-03', '09:30'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-04-05', '09:30'));
    expect(t.fake.textsTo(user)).toEqual(['お元気ですか']);
    expect(t.fake.textsTo(called)).toEqual([]);
    expect(await t.context.models.WinBack.findById(`${called}:2027-04-02`).lean()).toMatchObject({
      outcome: 'pending',
      contactedBy: 'U_STAFF',
    });
  });

  it('with enough history fits BG/NBD and checks in on a customer the model finds gone, once', async () => {
    const { t, alerts } = await start(true);
    const day0 = tokyo('2027-04-01', '09:00').getTime();
    const daysAgo = (n: number) => new Date(day0 - n * 86_400_000);
    // Sixty customers with weekly to bimonthly habits, some of whom stopped long ago, and ten one-timers.
    const visits: { _id: string; customerId: string; at: Date; source: 'staff' }[] = [];
    for (let i = 0; i < 70; i++) {
      const id = await friend(t);
      const every = [7, 14, 28, 56][i % 4]!;
      const count = i < 60 ? 2 + ((i * 7) % 10) : 1;
      const first = 300 - ((i * 5) % 60);
      for (let n = 0; n < count && first - n * every > 1; n++) {
        visits.push({ _id: `v${i}:${n}`, customerId: id, at: daysAgo(first - n * every), source: 'staff' });
      }
    }
    // A weekly regular for twenty weeks whose last visit was yesterday: active today, gone within weeks.
    const weekly = await friend(t, { displayName: '毎週 花子' });
    for (let n = 0; n < 20; n++) {
      visits.push({ _id: `w:${n}`, customerId: weekly, at: daysAgo(1 + n * 7), source: 'staff' });
    }
    await t.context.models.Visit.insertMany(visits);

    await travel(t, tokyo('2027-04-01', '09:30'));
    const first = await t.context.models.LapseRun.findById('2027-04-01').lean();
    expect(first).toMatchObject({ model: 'bg-nbd', scanned: 71 });
    expect(await t.context.models.WinBack.countDocuments({ customerId: weekly })).toBe(0);
    expect(t.fake.textsTo(weekly)).toEqual([]);

    await travel(t, tokyo('2027-05-01', '09:30'));
    expect(t.fake.textsTo(weekly)).toEqual(['お元気ですか']);
    const [episode] = await t.context.models.WinBack.find({ customerId: weekly }).lean();
    expect(episode?._id).toMatch(new RegExp(`^${weekly}:2027-04-\\d\\d$`));
    expect(episode?.lapsedAt.getTime()).toBeGreaterThan(tokyo('2027-04-01').getTime());
    expect(episode?.checkInSentAt).toBeInstanceOf(Date);
    const run = await t.context.models.LapseRun.findById('2027-05-01').lean();
    expect(run).toMatchObject({ model: 'bg-nbd', scanned: 71 });
    expect(run?.lapsed).toBeGreaterThan(0);
    const digest = alerts.alerts.find((a) => a.topic === 'lapse-digest' && a.context?.day === '2027-05-01');
    expect(digest?.lines?.map((l) => l.en)).toContain('Judged by the BG/NBD model fitted to the visits');

    // The episode lasts until their next visit: later scans do not check in again.
    await travel(t, tokyo('2027-05-02', '09:30'));
    await travel(t, tokyo('2027-05-20', '09:30'));
    expect(t.fake.textsTo(weekly)).toHaveLength(1);
    expect(await t.context.models.WinBack.countDocuments({ customerId: weekly })).toBe(1);
  });

  it('a crash between the scan and opening its episodes: the next run still checks in, once', async () => {
    const { t } = await start(true);
    const lapsing = await regular(t, '2027-02-01');
    await travel(t, tokyo('2027-04-01', '09:30'));
    // The 2 April run's scan finished, then the process died before it opened the episode.
    const scanAt = tokyo('2027-04-02', '09:00');
    const crashed = await runLapseScan({
      models: t.context.models,
      calendar: shopCalendar('Asia/Tokyo'),
      now: scanAt,
    });
    expect(crashed?.newEpisodes.map((e) => e.episodeId)).toEqual([`${lapsing}:2027-04-02`]);
    await travel(t, tokyo('2027-04-02', '09:30'));
    expect(t.fake.textsTo(lapsing)).toEqual(['お元気ですか']);
    await travel(t, tokyo('2027-04-03', '09:30'));
    expect(t.fake.textsTo(lapsing)).toHaveLength(1);
    expect(await t.context.models.WinBack.countDocuments({ customerId: lapsing })).toBe(1);
  });

  it('two schedulers on one database scanning the same morning: one episode, one check-in', async () => {
    const { t: a } = await start(true);
    const b = await startTestApp({
      dbName: a.dbName,
      fake: a.fake,
      clock: a.clock,
      env: { SEASONAL_GREETINGS: 'none', REGULAR_TOUCH_AFTER_DAYS: '365' },
    });
    running.push(b);
    b.context.touchpoints.register('win-back', {
      compose: () => Promise.resolve([{ type: 'text', text: 'お元気ですか' }]),
    });
    const lapsing = await regular(a, '2027-02-01');
    await Promise.all([travel(a, tokyo('2027-04-01', '09:30')), b.context.scheduler.runDue()]);
    a.clock.travelTo(tokyo('2027-04-02', '09:30'));
    await Promise.all([a.context.scheduler.runDue(), b.context.scheduler.runDue()]);
    await Promise.all([a.context.scheduler.runDue(), b.context.scheduler.runDue()]);
    expect(a.fake.textsTo(lapsing)).toEqual(['お元気ですか']);
    expect(await a.context.models.WinBack.countDocuments({ customerId: lapsing })).toBe(1);
  });
});
