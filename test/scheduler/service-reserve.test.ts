import { afterEach, describe, expect, it } from '@jest/globals';
import { clockAt, friend, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('service messages are never starved by marketing: the month keeps a reserve', () => {
  const running: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  /** 20 friends for the summer greeting, one with an open complaint; 20 messages left of 100. */
  async function nearlySpentMonth(reservePercent: string) {
    const t = await startTestApp({
      clock: clockAt('2027-07-14T12:00:00+09:00'),
      env: { REGULAR_TOUCH_AFTER_DAYS: '365', LINE_SERVICE_RESERVE_PERCENT: reservePercent },
    });
    running.push(t);
    const greeted = await Promise.all(Array.from({ length: 20 }, () => friend(t)));
    const complaining = await friend(t, { displayName: '苦情 さん' });
    const customer = (await t.context.models.Customer.findById(complaining).lean())!;
    const complaint = await t.context.flows.cases.open({ customer, trigger: 'staff', by: '田中' });
    t.fake.setQuota(100, 80);
    await travel(t, tokyo('2027-07-15', '09:30'));
    const reached = greeted.filter((id) => t.fake.textsTo(id).some((text) => text.includes('暑中お見舞い')));
    return { t, complaint, complaining, reached };
  }

  it('the summer greeting stops at the reserve (10% by default), and a complaint confirmation still goes', async () => {
    const { t, complaint, complaining, reached } = await nearlySpentMonth('10');
    expect(reached).toHaveLength(10);
    expect(t.fake.usedQuota).toBe(90);
    const skips = await t.context.models.OutreachSkip.find({ kind: 'seasonal', reason: 'budget' }).lean();
    expect(skips).toHaveLength(10);
    expect(skips[0]!.params).toMatchObject({ remaining: 20, reserved: 10, allowance: 10 });

    await t.context.flows.cases.resolve(complaint._id, '田中', '担当者からお電話でご説明しました。');
    expect(t.fake.textsTo(complaining)).toEqual([
      expect.stringContaining('対応が完了いたしましたのでご報告いたします。'),
    ]);
    expect(
      (await t.context.models.ComplaintCase.findById(complaint._id).lean())?.confirmationSentAt,
    ).toBeInstanceOf(Date);
  });

  it('without a reserve the greeting spends the month and the confirmation finds no message left', async () => {
    const { t, complaint, complaining, reached } = await nearlySpentMonth('0');
    expect(reached).toHaveLength(20);
    await t.context.flows.cases.resolve(complaint._id, '田中').catch(() => undefined);
    expect(t.fake.textsTo(complaining)).toEqual([]);
  });
});
