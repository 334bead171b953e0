import { describe, expect, it } from '@jest/globals';
import { explainDay, type ExplainInput } from '../../src/retention/contact-explain.js';
import { defaultSeasonCalendar } from '../../src/retention/seasons.js';
import { addDays } from '../../src/retention/shop-time.js';
import { birthdayDue, regularDue, staggerSlot, winBackDue } from '../../src/retention/touchpoint-due.js';

const TOKYO = 'Asia/Tokyo';
const tokyo = (day: string, time = '10:00') => new Date(`${day}T${time}:00+09:00`);

describe('when touchpoints are due', () => {
  it('birthday: keyed by year, with the 29 February rule', () => {
    expect(birthdayDue({ month: 2, day: 29 }, '2027-02-28')).toEqual({ due: true, period: '2027' });
    expect(birthdayDue({ month: 2, day: 29 }, '2028-02-28')).toMatchObject({ due: false });
    expect(birthdayDue(undefined, '2028-02-28')).toMatchObject({
      due: false,
      reason: { code: 'not-birthday' },
    });
  });

  it('regular: after N days without contact, on the customer’s own day of the stagger cycle', () => {
    const settings = { afterDays: 30, staggerDays: 7 };
    const id = 'U0000000000000000000000000000abcd';
    const slotDay = Array.from({ length: 7 }, (_, i) => addDays('2027-06-01', i)).find(
      (day) => regularDue(id, undefined, day, settings).due,
    )!;
    expect(slotDay).toBeDefined();
    expect(regularDue(id, undefined, addDays(slotDay, 7), settings).due).toBe(true);
    expect(regularDue(id, undefined, addDays(slotDay, 1), settings)).toMatchObject({
      due: false,
      reason: { code: 'not-stagger-day', params: { nextDay: addDays(slotDay, 7) } },
    });
    expect(regularDue(id, addDays(slotDay, -29), slotDay, settings)).toMatchObject({
      due: false,
      reason: { code: 'recently-contacted', params: { days: 29 } },
    });
    expect(regularDue(id, addDays(slotDay, -30), slotDay, settings).due).toBe(true);
  });

  it('regular: spreads customers roughly evenly over the stagger days', () => {
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[staggerSlot(`U${i.toString(16).padStart(32, '0')}`, 7)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('win-back: only a newly lapsed customer, once per episode, unless staff snoozed or called', () => {
    // The lapse scan's verdicts (src/analytics/lapse-verdicts.ts): lapsed since 11 April, or not.
    const lapsed = { lapsed: true, risk: 1, lapsedSince: tokyo('2027-04-11') };
    expect(winBackDue({ lapsed: false, risk: 0.4 }, undefined, tokyo('2027-04-10'), 14, TOKYO)).toMatchObject(
      {
        due: false,
        reason: { code: 'not-lapsed' },
      },
    );
    expect(winBackDue(lapsed, undefined, tokyo('2027-04-12'), 14, TOKYO)).toEqual({
      due: true,
      period: '2027-04-11',
    });
    expect(winBackDue(lapsed, undefined, tokyo('2027-05-20'), 14, TOKYO)).toMatchObject({
      due: false,
      reason: { code: 'lapsed-long-ago' },
    });
    expect(
      winBackDue(lapsed, { snoozedUntil: tokyo('2027-04-20') }, tokyo('2027-04-12'), 14, TOKYO),
    ).toMatchObject({ due: false, reason: { code: 'snoozed' } });
  });
});

describe('explainDay: what the policy would send a customer on a day, and why not', () => {
  const base: ExplainInput = {
    customer: {
      id: 'Ua',
      status: 'following',
      marketingOptOut: false,
      hasOpenComplaint: false,
      birthday: { month: 7, day: 20 },
    },
    day: '2027-07-20',
    settings: {
      timezone: TOKYO,
      quietHours: { start: '21:00', end: '09:00' },
      frequencyCaps: [{ max: 1, days: 3 }],
      morningTime: '09:30',
      regular: { afterDays: 30, staggerDays: 1 },
      seasons: defaultSeasonCalendar,
      winBackWindowDays: 14,
    },
    history: [],
    lastContactDay: '2027-07-10',
    lapse: { risk: 0.1, lapsed: false },
    winBack: undefined,
    followUps: [],
  };

  it('on a birthday in the summer-greeting window: both are due, the policy would send both', () => {
    const explained = explainDay(base);
    const byKind = Object.fromEntries(explained.items.map((item) => [item.kind, item]));
    expect(byKind.birthday).toMatchObject({ verdict: 'send', at: tokyo('2027-07-20', '09:30') });
    expect(byKind.seasonal).toMatchObject({ verdict: 'send' });
    expect(byKind['win-back']).toMatchObject({ verdict: 'not-due', reasons: [{ code: 'not-lapsed' }] });
    expect(byKind.regular).toMatchObject({ verdict: 'not-due', reasons: [{ code: 'recently-contacted' }] });
    expect(byKind['post-visit-thanks']).toMatchObject({ verdict: 'not-due' });
    for (const item of explained.items)
      for (const r of item.reasons) expect(r.ja.length * r.en.length).toBeGreaterThan(0);
  });

  it('says why not: opted out, already greeted, and the budget kept for higher priorities', () => {
    const optedOut = explainDay({ ...base, customer: { ...base.customer, marketingOptOut: true } });
    expect(optedOut.items.find((i) => i.kind === 'birthday')).toMatchObject({
      verdict: 'skip',
      reasons: [{ code: 'opted-out' }],
    });

    const greeted = explainDay({
      ...base,
      history: [{ kind: 'seasonal', at: tokyo('2027-07-16'), key: 'seasonal:summer-2027:Ua' }],
    });
    expect(greeted.items.find((i) => i.kind === 'seasonal')?.reasons.map((r) => r.code)).toEqual([
      'already-sent',
    ]);

    const tight = explainDay({
      ...base,
      budget: { state: { limit: 100, used: 95 }, forecast: { birthday: 5 } },
    });
    expect(tight.items.find((i) => i.kind === 'birthday')).toMatchObject({ verdict: 'send' });
    expect(tight.items.find((i) => i.kind === 'seasonal')).toMatchObject({
      verdict: 'skip',
      reasons: [{ code: 'budget' }],
    });
  });

  it('a follow-up scheduled that day is explained at its own time', () => {
    const explained = explainDay({
      ...base,
      followUps: [{ kind: 'post-visit-thanks', visitId: 'v1', at: tokyo('2027-07-20', '10:00') }],
    });
    expect(explained.items[0]).toMatchObject({
      kind: 'post-visit-thanks',
      verdict: 'send',
      at: tokyo('2027-07-20', '10:00'),
    });
  });
});
