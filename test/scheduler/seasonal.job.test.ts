import { afterEach, describe, expect, it } from '@jest/globals';
import { clockAt, friend, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('seasonal greetings job', () => {
  const running: TestApp[] = [];
  const start = async (iso: string, env: Record<string, string> = {}) => {
    const t = await startTestApp({ clock: clockAt(iso), env });
    running.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  it('暑中見舞い from 15 July; 残暑見舞い after 立秋 only to those who did not get it; nothing in September', async () => {
    const t = await start('2027-07-14T12:00:00+09:00');
    const early = await friend(t, { displayName: '夏 一郎' });
    const optedOut = await friend(t, { marketingOptOut: true });
    await travel(t, tokyo('2027-07-14', '09:30'));
    expect(t.fake.deliveries).toHaveLength(0);
    await travel(t, tokyo('2027-07-15', '09:30'));
    expect(t.fake.textsTo(early)).toEqual([expect.stringContaining('夏 一郎様、暑中お見舞い申し上げます。')]);
    expect(t.fake.textsTo(early)[0]).toContain('サロン常連一同');
    expect(t.fake.textsTo(optedOut)).toEqual([]);

    const late = await friend(t, { displayName: '秋 二郎' });
    for (const day of ['2027-07-20', '2027-08-06', '2027-08-07', '2027-08-20', '2027-08-31', '2027-09-01']) {
      await travel(t, tokyo(day, '09:30'));
    }
    // (The regular touch also reaches them a month after their last contact; only greetings count here.)
    const greetings = (user: string) => t.fake.textsTo(user).filter((text) => text.includes('見舞い'));
    expect(greetings(early)).toHaveLength(1);
    // The late friend joined during 暑中見舞い's window: greeted the next morning, and not again after 立秋.
    expect(greetings(late)).toEqual([expect.stringContaining('暑中お見舞い申し上げます')]);

    const autumn = await friend(t, { displayName: '九月 三郎' });
    await travel(t, tokyo('2027-09-02', '09:30'));
    expect(t.fake.textsTo(autumn)).toEqual([]);
  });

  it('a customer capped by a recent message gets the greeting later in the window', async () => {
    const t = await start('2027-08-06T12:00:00+09:00');
    const capped = await friend(t, { birthday: { month: 8, day: 7 } });
    const other = await friend(t);
    await travel(t, tokyo('2027-08-07', '09:30'));
    // 7 August: birthday comes first (higher priority); the greeting would break the 1-in-3-days cap.
    expect(t.fake.textsTo(capped)).toEqual([expect.stringContaining('お誕生日おめでとうございます')]);
    expect(t.fake.textsTo(other)).toEqual([expect.stringContaining('残暑お見舞い申し上げます')]);
    await travel(t, tokyo('2027-08-09', '09:30'));
    expect(t.fake.textsTo(capped)).toHaveLength(1);
    await travel(t, tokyo('2027-08-10', '09:30'));
    expect(t.fake.textsTo(capped)).toEqual([
      expect.stringContaining('お誕生日'),
      expect.stringContaining('残暑お見舞い申し上げます'),
    ]);
    const skip = await t.context.models.OutreachSkip.findOne({ customerId: capped, kind: 'seasonal' }).lean();
    expect(skip).toMatchObject({ reason: 'frequency-cap', params: { nextDay: '2027-08-10' } });
  });

  it('across the year end: thanks in late December, the New Year greeting on 1 January, 寒中見舞い skipped for them', async () => {
    const t = await start('2027-12-24T12:00:00+09:00');
    const user = await friend(t);
    for (const day of ['2027-12-25', '2027-12-31', '2028-01-01', '2028-01-08', '2028-01-20']) {
      await travel(t, tokyo(day, '09:30'));
    }
    expect(t.fake.textsTo(user)).toEqual([
      expect.stringContaining('良いお年をお迎えください'),
      expect.stringContaining('新年あけましておめでとうございます'),
    ]);
    expect(t.fake.textsTo(user)[1]).toContain('2028年も');
    // Someone who became a friend after 3 January gets 寒中見舞い instead.
    const newcomer = await friend(t);
    await travel(t, tokyo('2028-01-21', '09:30'));
    expect(t.fake.textsTo(newcomer)).toEqual([expect.stringContaining('寒中お見舞い申し上げます')]);
  });

  it('a greeting the shop switched off is not sent; moved windows are respected', async () => {
    const t = await start('2027-07-14T12:00:00+09:00', {
      SEASONAL_GREETINGS: 'zansho,year-end',
      SEASONAL_WINDOWS: 'shochu=07-20..08-08,zansho=08-09..08-31',
    });
    const user = await friend(t);
    for (const day of ['2027-07-15', '2027-07-25', '2027-08-08']) await travel(t, tokyo(day, '09:30'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-08-09', '09:30'));
    expect(t.fake.textsTo(user)).toEqual([expect.stringContaining('残暑お見舞い申し上げます')]);
  });
});
