import { describe, expect, it } from '@jest/globals';
import { explainLapse, spanInWords } from '../../src/retention/explain.js';
import { evaluateOnHoldout } from '../../src/retention/holdout-evaluation.js';
import { defaultLapseOptions, scoreCustomers } from '../../src/retention/lapse-scoring.js';
import { rocAuc } from '../../src/retention/roc-auc.js';
import { calibrationEnd, cdnowVisitHistories, holdoutEnd } from './cdnow.js';

const every = (start: number, step: number, count: number) =>
  Array.from({ length: count }, (_, i) => start + i * step);

describe('the lapse rule', () => {
  const sample = cdnowVisitHistories('cdnow_sample.txt');

  it('judges each customer by their own rhythm: a weekly regular 8 weeks away is lapsed, a 10-weekly one is not', () => {
    const end = calibrationEnd;
    const weekly = { id: 'weekly', days: every(end - 56 - 7 * 24, 7, 25) };
    const tenWeekly = { id: 'ten-weekly', days: every(end - 56 - 70 * 2, 70, 3) };
    const scan = scoreCustomers([...sample, weekly, tenWeekly], end);
    expect(scan.method).toBe('bg-nbd');
    const byId = new Map(scan.scores.map((s) => [s.id, s]));
    const w = byId.get('weekly')!;
    const t = byId.get('ten-weekly')!;
    expect(w.daysSince).toBe(56);
    expect(t.daysSince).toBe(56);
    expect(w.intervalDays).toBeCloseTo(7, 6);
    expect(t.intervalDays).toBeCloseTo(70, 6);
    expect(w.lapsed).toBe(true);
    expect(t.lapsed).toBe(false);
    expect(w.churn!).toBeGreaterThan(t.churn!);
  });

  it('calls lapsed exactly when P(no visit in 39 weeks) ≥ 0.8, and ranks lapsed customers first', () => {
    const scan = scoreCustomers(sample, calibrationEnd);
    expect(scan.scores.every((s) => s.lapsed === s.churn! >= defaultLapseOptions.churnThreshold)).toBe(true);
    const firstActive = scan.scores.findIndex((s) => !s.lapsed);
    expect(firstActive).toBeGreaterThan(0);
    expect(scan.scores.slice(firstActive).some((s) => s.lapsed)).toBe(false);
    const lapsed = scan.scores.slice(0, firstActive);
    for (let i = 1; i < lapsed.length; i++)
      expect(lapsed[i]!.score).toBeLessThanOrEqual(lapsed[i - 1]!.score);
  });

  it('falls back to the overdue rule with too little history, and says so', () => {
    const few = [
      { id: 'a', days: every(100, 10, 5) }, // every 10 days, last on day 140
      { id: 'b', days: [100, 130] }, // every 30 days, last on day 130
      { id: 'c', days: [150] }, // one visit: judged by the shop's interval (median 20 days)
    ];
    const scan = scoreCustomers(few, 175);
    expect(scan.method).toBe('overdue-rule');
    expect(scan.fallbackReason).toBe('only 3 customers with visits');
    expect(scan.fit).toBeUndefined();
    expect(scan.shopIntervalDays).toBe(20);
    const byId = Object.fromEntries(scan.scores.map((s) => [s.id, s]));
    expect(byId.a).toMatchObject({ overdueRatio: 3.5, lapsed: true, churn: undefined });
    expect(byId.b).toMatchObject({ overdueRatio: 1.5, lapsed: false });
    expect(byId.c).toMatchObject({ overdueRatio: 1.25, lapsed: false, intervalDays: undefined });
    expect(scan.scores.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('falls back when the shop has customers but too few repeat customers', () => {
    const oneTimers = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, days: [100 + i] }));
    const scan = scoreCustomers([...oneTimers, { id: 'r', days: [100, 120] }], 200);
    expect(scan.method).toBe('overdue-rule');
    expect(scan.fallbackReason).toBe('only 1 repeat customers');
  });
});

describe('separating customers who did not come back in the CDNOW holdout', () => {
  it.each(['cdnow_sample.txt', 'cdnow_master.txt'] as const)(
    '%s: the model ranks better than days since the last visit',
    (file) => {
      const result = evaluateOnHoldout(cdnowVisitHistories(file), calibrationEnd, holdoutEnd);
      expect(result.method).toBe('bg-nbd');
      expect(result.auc.model).toBeGreaterThan(result.auc.daysSince);
      expect(result.auc.model).toBeGreaterThan(0.75);
      expect(result.rule.precision).toBeGreaterThan(0.8);
      expect(result.rule.recall).toBeGreaterThan(0.8);
      // The threshold (0.8) is the one with the best recall + specificity on the grid tried.
      const best = result.churnThresholds.reduce((p, q) => (q.youden > p.youden ? q : p));
      expect(best.cutoff).toBe(defaultLapseOptions.churnThreshold);
    },
  );
});

describe('ROC-AUC', () => {
  it('is 1 for a perfect ranking, 0.5 with all ties, and counts ties half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [true, true, false, false])).toBe(0);
    expect(rocAuc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
    expect(rocAuc([3, 2, 2, 1], [true, true, false, false])).toBe(0.875);
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
  });
});

describe('plain words', () => {
  const context = { method: 'bg-nbd' as const, ...defaultLapseOptions };

  it('explains a lapsed regular in Japanese and English', () => {
    const score = { intervalDays: 35, daysSince: 77, churn: 0.82, overdueRatio: 2.2, visits: 6 };
    expect(explainLapse(score, context)).toEqual({
      ja: '普段は約5週間ごとに来店。最終来店から11週間。再来店の見込みは低め（離反の可能性 82%）',
      en: 'Usually visits about every 5 weeks. 11 weeks since the last visit. Unlikely to come back (82% likely lapsed).',
    });
  });

  it('explains a one-time customer and the fallback rule', () => {
    expect(
      explainLapse(
        { intervalDays: undefined, daysSince: 10, churn: 0.4, overdueRatio: 0.3, visits: 1 },
        context,
      ).ja,
    ).toBe('ご来店は1回のみ。最終来店から10日。再来店の見込みは高め（離反の可能性 40%）');
    const fallback = { ...context, method: 'overdue-rule' as const };
    expect(
      explainLapse(
        { intervalDays: 28, daysSince: 98, churn: undefined, overdueRatio: 3.5, visits: 4 },
        fallback,
      ),
    ).toEqual({
      ja: '普段は約4週間ごとに来店。最終来店から14週間（普段の間隔の3.5倍）。再来店の見込みは低め',
      en: 'Usually visits about every 4 weeks. 14 weeks since the last visit (3.5× their usual interval). Unlikely to come back.',
    });
  });

  it('says spans in days, weeks, months and years', () => {
    expect(spanInWords(1).en).toBe('1 day');
    expect(spanInWords(13).ja).toBe('13日');
    expect(spanInWords(14).ja).toBe('2週間');
    expect(spanInWords(200).ja).toBe('7か月');
    expect(spanInWords(800).en).toBe('2 years');
  });
});
