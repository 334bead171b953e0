import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCustomerScore } from '../../src/analytics/lapsed-customers.js';
import { clockAt, friend, tokyo, travel, visitsOn } from '../support/scheduler.js';
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
    // No newsletter edition for July: no regular touch, whatever the customer's rhythm.
    expect(byKind.regular).toMatchObject({
      verdict: 'not-due',
      reasons: [{ code: 'no-edition', ja: expect.stringContaining('2027-07のお知らせ') }],
    });
    await t.context.models.NewsletterEdition.create({ _id: '2027-07', text: '七月号', by: 'U0STAFF' });
    t.clock.advance(61_000); // past the editions' one-minute cache
    const withEdition = await t.context.scheduler.explain(user, '2027-07-20');
    expect(withEdition!.items.find((item) => item.kind === 'regular')?.reasons[0]?.code).toBe(
      'recently-contacted',
    );

    // Opened as staff open one (the case service also notes it among the customer's cases).
    await t.context.flows.cases.open({
      customer: (await t.context.models.Customer.findById(user).lean())!,
      trigger: 'staff',
      by: 'U0STAFF',
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

  it('judges who has lapsed as the lapse scan does: explain never disagrees with /lapsed', async () => {
    const day = '2027-07-16';
    /** Four visits `interval` days apart, the last one `ago` days before `day`. */
    const regular = async (interval: number, ago: number) => {
      const last = new Date(tokyo(day).getTime() - ago * 86_400_000);
      const user = await friend(t, { lastVisitAt: last, visitCount: 4 });
      await visitsOn(
        t,
        user,
        [3, 2, 1, 0].map((n) => new Date(last.getTime() - n * interval * 86_400_000)),
      );
      return user;
    };
    // With few customers the scan judges by three usual intervals: 2.5 intervals away is not lapsed
    // (a simpler rule of two intervals called this customer lapsed), 3.5 is.
    const away = await regular(20, 50);
    const gone = await regular(10, 35);
    await travel(t, tokyo(day, '09:30'));

    for (const user of [away, gone]) {
      const score = await readCustomerScore(t.context.models, user);
      const explained = await t.context.scheduler.explain(user, day);
      const winBack = explained!.items.find((item) => item.kind === 'win-back')!;
      expect(winBack.reasons[0]?.code === 'not-lapsed').toBe(!score!.lapsed);
    }
    expect((await readCustomerScore(t.context.models, away))!.lapsed).toBe(false);
    expect((await readCustomerScore(t.context.models, gone))!.lapsed).toBe(true);
  });
});
