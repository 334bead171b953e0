import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clockAt, friend, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('scheduler.explain: what a customer would get on a day, and why not', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock: clockAt('2027-07-14T12:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reads the customer’s record, ledger, follow-ups and complaints', async () => {
    const user = await friend(t, { displayName: '説明 花子', birthday: { month: 7, day: 20 } });
    await travel(t, tokyo('2027-07-15', '09:30'));
    const visit = await t.context.models.Visit.create({
      customerId: user,
      at: tokyo('2027-07-19', '15:00'),
      source: 'staff',
    });
    await t.context.scheduler.schedulePostVisit(visit);

    const day = await t.context.scheduler.explain(user, '2027-07-20');
    const byKind = Object.fromEntries(day!.items.map((item) => [item.kind, item]));
    expect(byKind['post-visit-thanks']).toMatchObject({ verdict: 'send', at: tokyo('2027-07-20', '10:00') });
    expect(byKind.birthday).toMatchObject({ verdict: 'send', at: tokyo('2027-07-20', '09:30') });
    expect(byKind.seasonal).toMatchObject({ verdict: 'skip', reasons: [{ code: 'already-sent' }] });
    expect(byKind['win-back']).toMatchObject({ verdict: 'not-due', reasons: [{ code: 'not-lapsed' }] });
    expect(byKind.regular?.reasons[0]?.code).toBe('recently-contacted');

    await t.context.models.ComplaintCase.create({
      customerId: user,
      trigger: 'staff',
      status: 'open',
      openedAt: t.clock.now(),
    });
    const withComplaint = await t.context.scheduler.explain(user, '2027-07-20');
    const birthday = withComplaint!.items.find((item) => item.kind === 'birthday')!;
    expect(birthday.verdict).toBe('skip');
    expect(birthday.reasons[0]).toMatchObject({
      code: 'open-complaint',
      ja: expect.stringContaining('苦情'),
    });
    expect(withComplaint!.items.find((item) => item.kind === 'post-visit-thanks')?.verdict).toBe('send');
    expect(await t.context.scheduler.explain('U0000000000000000000000000000dead')).toBeUndefined();
  });
});
