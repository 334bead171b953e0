import { afterEach, describe, expect, it } from '@jest/globals';
import { clockAt, friend, RecordingStaffAlerts, tokyo, travel, visitsOn } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the monthly budget', () => {
  const running: TestApp[] = [];
  const start = async (iso: string) => {
    const alerts = new RecordingStaffAlerts();
    const t = await startTestApp({
      clock: clockAt(iso),
      // These cases share the month by priority; the service reserve has its own test (service-reserve).
      env: { REGULAR_TOUCH_AFTER_DAYS: '365', LINE_SERVICE_RESERVE_PERCENT: '0' },
      staffAlerts: alerts,
    });
    running.push(t);
    return { t, alerts };
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  it('reads LINE’s quota hourly and tells staff once a month when less than 10% is left', async () => {
    const { t, alerts } = await start('2027-06-10T10:10:00+09:00');
    t.fake.setQuota(1000, 880);
    await travel(t, tokyo('2027-06-10', '10:15'));
    expect(await t.context.models.LineQuota.findById('2027-06').lean()).toMatchObject({
      limit: 1000,
      used: 880,
    });
    expect(alerts.topics()).not.toContain('quota-low');
    t.fake.setQuota(1000, 920);
    await travel(t, tokyo('2027-06-10', '11:00'));
    await travel(t, tokyo('2027-06-10', '12:00'));
    expect(alerts.alerts.filter((a) => a.topic === 'quota-low').map((a) => a.title.ja)).toEqual([
      'LINEの今月の送信枠が残り80通(8%)です',
    ]);
    t.fake.setQuota(undefined);
  });

  it('when it cannot cover everything: birthdays first, birthdays later in the month kept, then the most at risk', async () => {
    const { t, alerts } = await start('2027-07-14T12:00:00+09:00');
    const birthdayToday = await Promise.all([1, 2].map(() => friend(t, { birthday: { month: 7, day: 15 } })));
    const birthdayLater = await friend(t, { birthday: { month: 7, day: 25 } });
    /** Visits every `interval` days, the last one 20 days ago (for `count` visits). */
    const visits = (interval: number, count: number) => {
      const lastVisitAt = new Date(tokyo('2027-07-14').getTime() - 20 * 86_400_000);
      return {
        lastVisitAt,
        firstVisitAt: new Date(lastVisitAt.getTime() - interval * (count - 1) * 86_400_000),
        visitCount: count,
      };
    };
    const regular = async (name: string, interval: number, count: number) => {
      const fields = visits(interval, count);
      const id = await friend(t, { displayName: name, ...fields });
      const days = Array.from({ length: count }, (_, i) => i * interval * 86_400_000);
      await visitsOn(
        t,
        id,
        days.map((ms) => new Date(fields.firstVisitAt.getTime() + ms)),
      );
      return id;
    };
    const slipping = await regular('危険 一', 10, 5);
    const valuable = await regular('常連 二', 20, 30);
    const others = await Promise.all([1, 2, 3].map((i) => regular(`普通 ${i}`, 20, 3)));
    const all = [slipping, valuable, ...others, birthdayLater];
    const order = (user: string) => all.indexOf(user);
    // 6 messages left this month: 2 birthdays today, 1 kept for 25 July, 3 for the greeting.
    t.fake.setQuota(100, 94);
    await travel(t, tokyo('2027-07-15', '09:30'));

    for (const user of birthdayToday)
      expect(t.fake.textsTo(user)).toEqual([expect.stringContaining('お誕生日')]);
    const greeted = [slipping, valuable, ...others, birthdayLater].filter(
      (u) => t.fake.textsTo(u).length > 0,
    );
    // The one slipping away first, then the most valuable of equal risk, then (all else equal) by id.
    expect(greeted).toEqual([slipping, valuable, [...others].sort()[0]!].sort((a, b) => order(a) - order(b)));
    expect(t.fake.textsTo(birthdayLater)).toEqual([]);
    const skips = await t.context.models.OutreachSkip.find({ kind: 'seasonal', reason: 'budget' }).lean();
    expect(skips).toHaveLength(3);
    expect(skips[0]!.params).toMatchObject({ remaining: 4, reserved: 1, allowance: 3 });
    const alert = alerts.alerts.find((a) => a.topic === 'budget-shortfall');
    expect(alert?.title.ja).toBe('今月の配信枠が足りず、季節のご挨拶を3名にお送りできませんでした');
    expect(t.fake.usedQuota).toBe(99);

    await travel(t, tokyo('2027-07-25', '09:30'));
    expect(t.fake.textsTo(birthdayLater)).toEqual([expect.stringContaining('お誕生日')]);
    expect(t.fake.usedQuota).toBe(100);

    // A new month, a new quota: those left out get the greeting while its window is still open.
    t.fake.setQuota(100, 0);
    await travel(t, tokyo('2027-08-01', '09:30'));
    for (const user of [slipping, valuable, ...others]) {
      expect(t.fake.textsTo(user).filter((text) => text.includes('暑中お見舞い'))).toHaveLength(1);
    }
    t.fake.setQuota(undefined);
  });

  it('LINE refusing for the monthly limit mid-run: claims are given back, staff told, sent next month', async () => {
    const { t, alerts } = await start('2027-07-14T12:00:00+09:00');
    const users = await Promise.all([1, 2, 3, 4].map(() => friend(t)));
    const seasonal = t.context.touchpoints.get('seasonal');
    let composed = 0;
    t.context.touchpoints.register('seasonal', {
      compose: async (input) => {
        // Another process spends the rest of the month's messages while this run composes.
        if (++composed === 4) t.fake.setQuota(t.fake.usedQuota);
        return seasonal.compose(input);
      },
    });
    await travel(t, tokyo('2027-07-15', '09:30'));
    expect(t.fake.deliveries).toHaveLength(0);
    const refused = await t.context.models.OutreachSkip.find({ reason: 'quota-exhausted' }).lean();
    expect(refused.map((s) => s.customerId).sort()).toEqual([...users].sort());
    expect(await t.context.models.SendLedger.countDocuments({ kind: 'seasonal' })).toBe(0);
    expect(alerts.topics()).toContain('quota-exhausted');

    t.fake.setQuota(undefined);
    await travel(t, tokyo('2027-08-01', '09:30'));
    for (const user of users) expect(t.fake.textsTo(user)).toEqual([expect.stringContaining('暑中お見舞い')]);
  });
});
