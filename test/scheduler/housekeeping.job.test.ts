import { afterEach, describe, expect, it } from '@jest/globals';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('housekeeping job', () => {
  const running: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  it('at 04:00 shop time drops ledger entries past their use: birthdays after 400 days, others after 90', async () => {
    const t = await startTestApp({
      clock: clockAt('2028-02-28T12:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none', REGULAR_TOUCH_AFTER_DAYS: '365' },
    });
    running.push(t);
    const entry = (id: string, kind: 'birthday' | 'seasonal', at: Date) => ({
      _id: id,
      customerId: 'U-someone',
      kind,
      period: at.toISOString().slice(0, 10),
      runKey: `${kind}:test`,
      batchId: `${kind}:test:1`,
      via: 'push' as const,
      at,
    });
    // 29 February 2028 (a leap day) is the day the job runs: 90 days before is 1 December 2027.
    await t.context.models.SendLedger.insertMany([
      entry('seasonal-old', 'seasonal', tokyo('2027-11-30', '10:00')),
      entry('seasonal-recent', 'seasonal', tokyo('2027-12-02', '10:00')),
      entry('birthday-last-year', 'birthday', tokyo('2027-02-28', '10:00')),
      entry('birthday-too-old', 'birthday', tokyo('2027-01-20', '10:00')),
    ]);
    const kept = async () =>
      (await t.context.models.SendLedger.find({}, { _id: 1 }).lean()).map((e) => e._id).sort();

    // 03:59 on the 29th is still before the run (04:00 Tokyo is 19:00 UTC the day before).
    await travel(t, tokyo('2028-02-29', '03:59'));
    expect(await kept()).toHaveLength(4);
    await travel(t, tokyo('2028-02-29', '04:30'));
    expect(await kept()).toEqual(['birthday-last-year', 'seasonal-recent']);
  });

  it('deletes parked webhook events PARKED_EVENT_RETENTION_DAYS after parking, and nothing else of the inbox', async () => {
    const t = await startTestApp({
      clock: clockAt('2028-02-28T12:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none', PARKED_EVENT_RETENTION_DAYS: '10' },
    });
    running.push(t);
    const event = (id: string, status: 'parked' | 'pending', parkedAt?: Date) => ({
      _id: id,
      type: 'message',
      sourceType: 'user',
      userId: 'U-someone',
      eventAt: tokyo('2028-01-01', '10:00'),
      receivedAt: tokyo('2028-01-01', '10:00'),
      payload: { message: { type: 'text', text: 'お客様の言葉' } },
      status,
      nextAttemptAt: tokyo('2028-03-10', '10:00'),
      ...(parkedAt ? { parkedAt } : {}),
    });
    // The job runs at 04:00 on the 29th: ten days before is 04:00 on the 19th.
    await t.context.models.InboxEvent.insertMany([
      event('parked-old', 'parked', tokyo('2028-02-18', '10:00')),
      event('parked-recent', 'parked', tokyo('2028-02-20', '10:00')),
      event('pending-old', 'pending'),
    ]);
    await travel(t, tokyo('2028-02-29', '04:30'));
    const left = (await t.context.models.InboxEvent.find({}, { _id: 1 }).lean()).map((e) => e._id).sort();
    expect(left).toEqual(['parked-recent', 'pending-old']);
  });
});
