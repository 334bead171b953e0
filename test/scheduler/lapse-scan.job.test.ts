import { afterEach, describe, expect, it } from '@jest/globals';
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

  /** A regular who came every 20 days (three visits), the last time at 09:00 on `last`: lapsed 40 days later. */
  const regular = (t: TestApp, last: string, fields = {}) =>
    friend(t, {
      firstVisitAt: new Date(tokyo(last, '09:00').getTime() - 40 * 86_400_000),
      lastVisitAt: tokyo(last, '09:00'),
      visitCount: 3,
      ...fields,
    });

  it('checks in once per lapse episode on newly lapsed customers and posts a digest', async () => {
    const { t, alerts, asked } = await start(true);
    const lapsing = await regular(t, '2027-02-21', { displayName: '離反 一郎' }); // 40 days after: 2 April
    const fine = await regular(t, '2027-03-21');
    const longGone = await friend(t, {
      firstVisitAt: tokyo('2025-01-01'),
      lastVisitAt: tokyo('2025-06-01'),
      visitCount: 3,
    });

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
    const scan = await t.context.models.LapseRun.findById('2027-04-02').lean();
    expect(scan).toMatchObject({
      model: 'overdue-rule',
      scanned: 3,
      newlyLapsed: 1,
      checkInsSent: 1,
      lapsed: 2,
    });
    const digest = alerts.alerts.find((a) => a.topic === 'lapse-digest' && a.context?.day === '2027-04-02');
    expect(digest?.title.ja).toBe('2027-04-02 離反スキャン: 新たに離反 1名、チェックイン送信 1名');
    expect(digest?.lines?.map((l) => l.ja)).toContain('新たに離反: 離反 一郎');

    // They come back and lapse again: a new episode, a new check-in.
    await t.context.models.Customer.updateOne(
      { _id: lapsing },
      { $set: { lastVisitAt: tokyo('2027-04-25'), visitCount: 8 } },
    );
    await travel(t, tokyo('2027-05-23', '09:30'));
    await travel(t, tokyo('2027-05-26', '09:30'));
    expect(t.fake.textsTo(lapsing)).toHaveLength(2);
    expect(await t.context.models.WinBack.countDocuments({ customerId: lapsing })).toBe(2);
  });

  it('staff snoozing or contacting the customer holds the check-in; without the flow’s composer staff are told', async () => {
    const { t, alerts } = await start(false);
    const user = await regular(t, '2027-02-21');
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
    await travel(t, tokyo('2027-04-03', '09:30'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-04-05', '09:30'));
    expect(t.fake.textsTo(user)).toEqual(['お元気ですか']);
  });
});
