import { describe, expect, it } from '@jest/globals';
import {
  allocateBudget,
  allowanceFor,
  decideContact,
  forecastDemand,
  type ContactPolicySettings,
  type CustomerFacts,
  type PastContact,
} from '../../src/retention/contact-policy.js';
import type { TouchpointKind } from '../../src/db/models/index.js';

const settings: ContactPolicySettings = {
  timezone: 'Asia/Tokyo',
  quietHours: { start: '21:00', end: '09:00' },
  frequencyCaps: [
    { max: 1, days: 3 },
    { max: 4, days: 30 },
  ],
};
const customer: CustomerFacts = {
  id: 'Ua',
  status: 'following',
  marketingOptOut: false,
  hasOpenComplaint: false,
};
/** 10:00 in Tokyo on a day. */
const tokyo = (day: string, time = '10:00') => new Date(`${day}T${time}:00+09:00`);
const request = (kind: TouchpointKind, now: Date, period = 'p') => ({
  kind,
  key: `${kind}:${period}:Ua`,
  period,
  now,
});
const sent = (kind: TouchpointKind, at: Date, period = String(at.getTime())): PastContact => ({
  kind,
  at,
  key: `${kind}:${period}:Ua`,
});
const codes = (decision: { reasons: { code: string }[] }) => decision.reasons.map((r) => r.code);

describe('contact policy: who may be contacted', () => {
  it('sends nothing to blocked or unlinked customers, whatever the kind', () => {
    for (const kind of ['post-visit-thanks', 'birthday'] as const) {
      const blocked = decideContact(
        request(kind, tokyo('2027-05-10')),
        { ...customer, status: 'blocked' },
        [],
        settings,
      );
      expect(blocked).toMatchObject({ verdict: 'skip' });
      expect(codes(blocked)).toEqual(['blocked']);
    }
    const unlinked = decideContact(
      request('post-visit-thanks', tokyo('2027-05-10')),
      { ...customer, status: 'unlinked' },
      [],
      settings,
    );
    expect(codes(unlinked)).toEqual(['not-on-line']);
  });

  it('opt-out and open complaints stop marketing but not the post-visit follow-ups', () => {
    const optedOut = { ...customer, marketingOptOut: true, hasOpenComplaint: true };
    const birthday = decideContact(request('birthday', tokyo('2027-05-10')), optedOut, [], settings);
    expect(codes(birthday)).toEqual(['opted-out', 'open-complaint']);
    expect(birthday.reasons[0]!.ja).toContain('希望されていない');
    expect(birthday.reasons[1]!.en).toContain('open complaint');
    expect(
      decideContact(request('post-visit-survey', tokyo('2027-05-10')), optedOut, [], settings).verdict,
    ).toBe('send');
  });

  it('never sends the same touchpoint twice in its period', () => {
    const now = tokyo('2027-05-10');
    const again = decideContact(
      request('seasonal', now, 'summer-2027'),
      customer,
      [sent('seasonal', tokyo('2027-05-01'), 'summer-2027')],
      settings,
    );
    expect(codes(again)).toEqual(['already-sent']);
  });
});

describe('contact policy: quiet hours', () => {
  it('defers at 21:00 to 09:00 next morning, and lets 20:59 and 09:00 through', () => {
    const deferred = decideContact(request('seasonal', tokyo('2027-05-10', '21:00')), customer, [], settings);
    expect(deferred.verdict).toBe('defer');
    expect(deferred.sendAt?.toISOString()).toBe(tokyo('2027-05-11', '09:00').toISOString());
    expect(deferred.reasons[0]).toMatchObject({ code: 'quiet-hours' });
    expect(deferred.reasons[0]!.ja).toContain('5/11 09:00');
    expect(
      decideContact(request('seasonal', tokyo('2027-05-10', '20:59')), customer, [], settings).verdict,
    ).toBe('send');
    expect(
      decideContact(request('seasonal', tokyo('2027-05-11', '09:00')), customer, [], settings).verdict,
    ).toBe('send');
  });

  it('applies to follow-ups too (never wake a customer), and a skip reason wins over deferring', () => {
    expect(
      decideContact(request('post-visit-thanks', tokyo('2027-05-11', '03:00')), customer, [], settings)
        .verdict,
    ).toBe('defer');
    const optedOut = decideContact(
      request('seasonal', tokyo('2027-05-11', '03:00')),
      { ...customer, marketingOptOut: true },
      [],
      settings,
    );
    expect(optedOut.verdict).toBe('skip');
  });
});

describe('contact policy: frequency caps (1 in 3 days, 4 in 30 days)', () => {
  it('after a message on day D, marketing waits until D+3, across a month end', () => {
    const history = [sent('seasonal', tokyo('2027-01-30'))];
    const jan31 = decideContact(request('regular', tokyo('2027-01-31')), customer, history, settings);
    expect(jan31.verdict).toBe('skip');
    expect(jan31.reasons[0]).toMatchObject({
      code: 'frequency-cap',
      params: { nextDay: '2027-02-02', max: 1, days: 3 },
    });
    expect(decideContact(request('regular', tokyo('2027-02-01')), customer, history, settings).verdict).toBe(
      'skip',
    );
    expect(decideContact(request('regular', tokyo('2027-02-02')), customer, history, settings).verdict).toBe(
      'send',
    );
  });

  it('counts post-visit follow-ups but never holds them back', () => {
    const history = [sent('post-visit-thanks', tokyo('2027-05-09'))];
    expect(decideContact(request('birthday', tokyo('2027-05-10')), customer, history, settings).verdict).toBe(
      'skip',
    );
    expect(
      decideContact(request('post-visit-survey', tokyo('2027-05-10')), customer, history, settings).verdict,
    ).toBe('send');
  });

  it('the monthly cap: four messages in 30 days hold back a fifth until the oldest leaves the window', () => {
    const history = ['2027-04-20', '2027-04-27', '2027-05-03', '2027-05-06'].map((day) =>
      sent('regular', tokyo(day)),
    );
    const decision = decideContact(request('seasonal', tokyo('2027-05-12')), customer, history, settings);
    expect(decision.reasons[0]).toMatchObject({
      code: 'frequency-cap',
      params: { count: 4, max: 4, days: 30, nextDay: '2027-05-20' },
    });
    expect(decideContact(request('seasonal', tokyo('2027-05-20')), customer, history, settings).verdict).toBe(
      'send',
    );
  });

  it('a lower-priority touch yields when the birthday is within the short cap window', () => {
    const born = { ...customer, birthday: { month: 5, day: 12 } };
    const seasonal = decideContact(request('seasonal', tokyo('2027-05-10')), born, [], settings);
    expect(codes(seasonal)).toEqual(['yields-to-birthday']);
    expect(decideContact(request('seasonal', tokyo('2027-05-09')), born, [], settings).verdict).toBe('send');
    const greeted = [sent('birthday', tokyo('2027-05-12'), '2027')];
    expect(
      decideContact(request('seasonal', tokyo('2027-05-13')), born, greeted, settings).reasons[0]?.code,
    ).toBe('frequency-cap');
    expect(decideContact(request('birthday', tokyo('2027-05-12'), '2027'), born, [], settings).verdict).toBe(
      'send',
    );
  });
});

describe('contact policy: the monthly budget', () => {
  it('keeps what higher-priority kinds need and gives the rest by priority', () => {
    const budget = { limit: 1000, used: 900 };
    const forecast = { 'post-visit-thanks': 30, birthday: 20, 'win-back': 10, seasonal: 500 };
    expect(allowanceFor('post-visit-survey', budget, forecast)).toMatchObject({
      allowance: 100,
      reserved: 0,
    });
    expect(allowanceFor('birthday', budget, forecast)).toMatchObject({ allowance: 70, reserved: 30 });
    expect(allowanceFor('broadcast', budget, forecast)).toMatchObject({ allowance: 40, reserved: 60 });
    expect(allowanceFor('seasonal', budget, forecast)).toMatchObject({ allowance: 40 });
    expect(allowanceFor('regular', budget, forecast)).toMatchObject({
      allowance: 0,
      reserved: 560,
      remaining: 100,
    });
    expect(allowanceFor('regular', { limit: null, used: 5 }, forecast).allowance).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(allowanceFor('birthday', { limit: 100, used: 120 }, {}).allowance).toBe(0);
  });

  it('within a kind, chooses by lapse risk, then value, then id', () => {
    const candidates = [
      { id: 'c', lapseRisk: 0.2, value: 9 },
      { id: 'a', lapseRisk: 0.9, value: 1 },
      { id: 'b', lapseRisk: 0.2, value: 3 },
      { id: 'd', lapseRisk: 0.2, value: 3 },
    ];
    const { chosen, overBudget } = allocateBudget(candidates, 3);
    expect(chosen.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    expect(overBudget.map((c) => c.id)).toEqual(['d']);
    expect(allocateBudget(candidates, 0).chosen).toEqual([]);
  });

  it('forecasts the rest of the month from the calendar and recent rates', () => {
    const forecast = forecastDemand({
      today: '2027-05-21',
      monthEnd: '2027-05-31',
      scheduledFollowUps: 4,
      sentLast30Days: { 'post-visit-thanks': 30, 'post-visit-survey': 30, 'win-back': 6 },
      birthdaysAhead: 7,
      seasonalAhead: 0,
      broadcastsAhead: 0,
    });
    // 11 days left: follow-ups at 2 a day (22 > 4 scheduled), win-back at 0.2 a day.
    expect(forecast).toMatchObject({ 'post-visit-thanks': 22, birthday: 7, 'win-back': 3, seasonal: 0 });
  });
});
