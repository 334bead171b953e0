import { describe, expect, it } from '@jest/globals';
import { customerEvents, type LapseRule } from '../../src/retention/customer-timeline.js';
import {
  activityByMonth,
  combineActivity,
  touchesPerActiveCustomer,
} from '../../src/retention/feedback-metrics.js';
import { dayNumber, shopCalendar } from '../../src/retention/shop-time.js';
import {
  annualLossRate,
  growthSentence,
  monthlyFlow,
  newCustomersNeeded,
} from '../../src/retention/shop-metrics.js';

const d = (month: number, day: number) => dayNumber(2025, month, day);

// Overdue rule: lapsed after 2× the customer's own interval (the shop's 30 days after one visit).
const rule: LapseRule = {
  method: 'overdue-rule',
  params: undefined,
  options: { horizonWeeks: 39, churnThreshold: 0.8, overdueMultiple: 2 },
  shopIntervalDays: 30,
};
const end = d(4, 30);

describe('the shop arithmetic on a small hand-checked history', () => {
  // A: every 10 days from Jan 1, last Jan 21 → lost Feb 10 (21 + 2×10).
  // B: once on Jan 15 → lost Mar 16 (Jan 15 + 2×30).
  // C: Feb 1 → lost Apr 2 (Feb 1 + 60), back Apr 20.
  // D: Mar 5, blocked the LINE account on Mar 20 → lost Mar 20.
  const events = [
    customerEvents([d(1, 1), d(1, 11), d(1, 21)], rule, end),
    customerEvents([d(1, 15)], rule, end),
    customerEvents([d(2, 1), d(4, 20)], rule, end),
    customerEvents([d(3, 5)], rule, end, d(3, 20)),
  ];

  it('dates each customer becoming new, lost and back', () => {
    expect(events[0]).toEqual([
      { day: d(1, 1), kind: 'new' },
      { day: d(2, 10), kind: 'lost' },
    ]);
    expect(events[1]).toEqual([
      { day: d(1, 15), kind: 'new' },
      { day: d(3, 16), kind: 'lost' },
    ]);
    expect(events[2]).toEqual([
      { day: d(2, 1), kind: 'new' },
      { day: d(4, 2), kind: 'lost' },
      { day: d(4, 20), kind: 'returned' },
    ]);
    expect(events[3]).toEqual([
      { day: d(3, 5), kind: 'new' },
      { day: d(3, 20), kind: 'lost' },
    ]);
  });

  it('counts new, lost and current per month with current = previous + new − lost', () => {
    const months = monthlyFlow(events.flat(), '2025-04');
    expect(months).toEqual([
      { month: '2025-01', firstTime: 2, returned: 0, new: 2, lost: 0, current: 2 },
      { month: '2025-02', firstTime: 1, returned: 0, new: 1, lost: 1, current: 2 },
      { month: '2025-03', firstTime: 1, returned: 0, new: 1, lost: 2, current: 1 },
      { month: '2025-04', firstTime: 0, returned: 1, new: 1, lost: 1, current: 1 },
    ]);
    // Younger than a year: 4 lost over an average of 1.5 current customers.
    expect(annualLossRate(months)).toBeCloseTo(4 / 1.5, 10);
  });

  it('uses the current count twelve months back as the base of a full year', () => {
    const year = Array.from({ length: 13 }, (_, i) => ({
      month: `m${i}`,
      firstTime: 0,
      returned: 0,
      new: i === 0 ? 100 : 5,
      lost: i === 0 ? 0 : 2,
      current: 100 + 3 * i,
    }));
    expect(annualLossRate(year)).toBeCloseTo(24 / 100, 10);
  });

  it('does the growth arithmetic: 30% yearly loss and 10% growth need 40% new customers', () => {
    expect(newCustomersNeeded(0.3, 0.1, 200)).toEqual({ share: 0.4, perYear: 80, perMonth: 7 });
    expect(growthSentence(0.3, 0.1, 200)).toEqual({
      ja: '年間の離反率が30%のとき、10%成長するには新規顧客が40%（年80人・月7人）必要です',
      en: 'With 30% yearly loss, growing 10% needs 40% new customers (80 a year, 7 a month)',
    });
  });

  it('counts surveys, complaints, win-backs and touches per shop-local month', () => {
    const tokyo = shopCalendar('Asia/Tokyo');
    const at = (iso: string) => new Date(iso);
    const activity = activityByMonth(
      {
        ratings: [
          { rating: 5, ratedAt: at('2025-01-05T10:00:00+09:00') },
          { rating: 4, ratedAt: at('2025-01-31T23:30:00+09:00') }, // still January in Tokyo
          { rating: 2, ratedAt: at('2025-01-20T12:00:00+09:00') },
          { rating: 1, ratedAt: at('2025-02-01T00:10:00+09:00') }, // February in Tokyo, January in UTC
        ],
        complaints: [
          { openedAt: at('2025-01-10T10:00:00+09:00'), resolvedAt: at('2025-01-11T10:00:00+09:00') },
          { openedAt: at('2025-01-20T10:00:00+09:00'), resolvedAt: at('2025-01-20T16:00:00+09:00') },
          { openedAt: at('2025-01-25T10:00:00+09:00'), resolvedAt: at('2025-02-02T10:00:00+09:00') },
          { openedAt: at('2025-02-01T10:00:00+09:00') },
        ],
        winBacks: [
          {
            checkInSentAt: at('2025-01-03T10:00:00+09:00'),
            outcome: 'won-back',
            wonBackAt: at('2025-01-20T10:00:00+09:00'),
          },
          { checkInSentAt: at('2025-01-04T10:00:00+09:00'), outcome: 'lost' },
          { checkInSentAt: at('2025-01-05T10:00:00+09:00'), outcome: 'pending' },
          {
            checkInSentAt: at('2025-01-06T10:00:00+09:00'),
            outcome: 'won-back',
            wonBackAt: at('2025-02-03T10:00:00+09:00'),
          },
        ],
        touches: [
          at('2025-01-02T10:00:00+09:00'),
          at('2025-01-03T10:00:00+09:00'),
          at('2025-02-03T10:00:00+09:00'),
        ],
      },
      (date) => tokyo.dayOf(date),
    );
    const january = combineActivity([activity.get('2025-01')!]);
    expect(january.surveys).toEqual({ count: 3, average: 11 / 3, distribution: [0, 1, 0, 1, 1] });
    expect(january.complaints).toEqual({ opened: 3, resolved: 2, medianHoursToResolve: 15 });
    expect(january.winBack).toEqual({ checkIns: 4, wonBack: 1, rate: 0.25 });
    expect(january.touches).toBe(2);
    const both = combineActivity([activity.get('2025-01')!, activity.get('2025-02')!]);
    expect(both.surveys.average).toBe(3);
    expect(both.complaints).toEqual({ opened: 4, resolved: 3, medianHoursToResolve: 24 });
    expect(both.winBack.wonBack).toBe(2);
    expect(touchesPerActiveCustomer(both.touches, [2, 4])).toBeCloseTo(3 / 3 / 2, 10);
  });
});
