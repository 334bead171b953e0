import { afterEach, describe, expect, it } from '@jest/globals';
import { freshDatabaseName } from '../support/database.js';
import { clockAt, friend, RecordingStaffAlerts, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('birthday job', () => {
  const running: TestApp[] = [];
  const start = async (iso: string, env: Record<string, string> = {}, dbName?: string) => {
    const t = await startTestApp({ clock: clockAt(iso), env, ...(dbName ? { dbName } : {}) });
    running.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  it('greets at 09:30 shop time on the birthday, and only then (midnight is Tokyo’s, not UTC’s)', async () => {
    const t = await start('2027-02-27T12:00:00+09:00');
    const user = await friend(t, { displayName: '三月 生まれ', birthday: { month: 3, day: 1 } });
    await friend(t, { birthday: { month: 3, day: 2 } });
    // 00:30 on 1 March in Tokyo is still 28 February in UTC: nothing before the morning time.
    await travel(t, new Date('2027-02-28T15:30:00Z'));
    await travel(t, tokyo('2027-03-01', '09:29'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-03-01', '09:30'));
    expect(t.fake.textsTo(user)).toEqual([
      expect.stringContaining('三月 生まれ様、お誕生日おめでとうございます。'),
    ]);
    expect(t.fake.deliveries).toHaveLength(1);
  });

  it('29 February: greeted on 28 February in 2027 and on 29 February (not the 28th) in 2028', async () => {
    const t = await start('2027-02-27T12:00:00+09:00');
    const leapling = await friend(t, { birthday: { month: 2, day: 29 } });
    await travel(t, tokyo('2027-02-28', '09:30'));
    expect(t.fake.textsTo(leapling)).toHaveLength(1);
    await travel(t, tokyo('2027-03-01', '09:30'));
    expect(t.fake.textsTo(leapling)).toHaveLength(1);
    await travel(t, tokyo('2028-02-28', '09:30'));
    expect(t.fake.textsTo(leapling)).toHaveLength(1);
    await travel(t, tokyo('2028-02-29', '09:30'));
    expect(t.fake.textsTo(leapling)).toHaveLength(2);
    const ledger = await t.context.models.SendLedger.find({ customerId: leapling }).lean();
    expect(ledger.map((entry) => entry._id).sort()).toEqual([
      `birthday:2027:${leapling}`,
      `birthday:2028:${leapling}`,
    ]);
  });

  it('once a year whatever happens: a second run and a restarted app send nothing more', async () => {
    const dbName = freshDatabaseName('birthday-once');
    const first = await start('2027-05-10T09:00:00+09:00', {}, dbName);
    const user = await friend(first, { birthday: { month: 5, day: 10 } });
    await travel(first, tokyo('2027-05-10', '09:30'));
    await first.context.scheduler.runJob('birthday');
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const again = await startTestApp({
      clock: clockAt('2027-05-10T11:00:00+09:00'),
      dbName,
      fake: first.fake,
    });
    running.push(again);
    await again.context.models.JobRun.deleteMany({ _id: /^occurrence:birthday:/ });
    await again.context.scheduler.runDue();
    expect(first.fake.textsTo(user)).toHaveLength(1);
    expect(await again.context.models.Message.countDocuments({ customerId: user, purpose: 'birthday' })).toBe(
      1,
    );
  });

  it('makes up for days Joren was down, with belated wording, but not for days before it was installed', async () => {
    const t = await start('2027-06-01T08:00:00+09:00');
    const before = await friend(t, { birthday: { month: 5, day: 31 } });
    const missed = await friend(t, { birthday: { month: 6, day: 2 } });
    await travel(t, tokyo('2027-06-03', '09:30'));
    expect(t.fake.textsTo(missed)).toEqual([
      expect.stringContaining('少し遅くなってしまいましたが、お誕生日おめでとうございます'),
    ]);
    expect(t.fake.textsTo(before)).toEqual([]);
  });

  it('never to customers who opted out, blocked the shop or have an open complaint; the gift line when offered', async () => {
    const t = await start('2027-09-09T08:00:00+09:00', { BIRTHDAY_COUPON: 'true' });
    const birthday = { month: 9, day: 9 };
    const happy = await friend(t, { birthday });
    const optedOut = await friend(t, { birthday, marketingOptOut: true });
    const blocked = await friend(t, { birthday, status: 'blocked' });
    const unhappy = await friend(t, { birthday });
    await t.context.models.ComplaintCase.create({
      customerId: unhappy,
      trigger: 'staff',
      status: 'in-progress',
      openedAt: t.clock.now(),
    });
    await travel(t, tokyo('2027-09-09', '09:30'));
    expect(t.fake.textsTo(happy)).toEqual([expect.stringContaining('お誕生日の特典')]);
    for (const user of [optedOut, blocked, unhappy]) expect(t.fake.textsTo(user)).toEqual([]);
    const skip = await t.context.models.OutreachSkip.findOne({ customerId: unhappy }).lean();
    expect(skip).toMatchObject({ kind: 'birthday', reason: 'open-complaint' });
  });

  it('a morning time inside the quiet hours waits for their end, never drops the greeting', async () => {
    const alerts = new RecordingStaffAlerts();
    const t = await startTestApp({
      clock: clockAt('2027-04-04T07:00:00+09:00'),
      env: { SHOP_MORNING_TIME: '08:00', QUIET_HOURS: '21:00-09:00' },
      staffAlerts: alerts,
    });
    running.push(t);
    const user = await friend(t, { birthday: { month: 4, day: 4 } });
    await travel(t, tokyo('2027-04-04', '08:00'));
    await travel(t, tokyo('2027-04-04', '08:59'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-04-04', '09:00'));
    expect(t.fake.textsTo(user)).toHaveLength(1);
    expect(t.fake.deliveries[0]!.at.toISOString()).toBe(tokyo('2027-04-04', '09:00').toISOString());
    expect(alerts.topics()).not.toContain('job-failed');
  });
});
