import { describe, expect, it } from '@jest/globals';
import {
  bgNbdLogLikelihood,
  expectedVisits,
  fitBgNbd,
  probabilityAlive,
  probabilityNoVisit,
} from '../../src/retention/bg-nbd.js';
import { rfmFromDays } from '../../src/retention/rfm.js';
import { hyp2f1, lnGamma } from '../../src/retention/special-functions.js';
import { calibrationEnd, cdnowVisitHistories } from './cdnow.js';

const within = (actual: number, expected: number, share: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * share);

describe('special functions', () => {
  it('ln Γ matches known values, including below ½ (reflection)', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 11);
    expect(lnGamma(171.5)).toBeCloseTo(709.1431630309282, 8);
    expect(lnGamma(0)).toBeNaN();
  });

  it('₂F₁ matches closed forms', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z and ₂F₁(a, b; b; z) = (1 − z)^(−a)
    for (const z of [0.1, 0.5, 0.9]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(hyp2f1(0.7, 3, 3, z)).toBeCloseTo(Math.pow(1 - z, -0.7), 10);
    }
  });
});

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const histories = cdnowVisitHistories('cdnow_sample.txt')
    .map((h) => rfmFromDays(h.days, calibrationEnd))
    .filter((h) => h !== undefined);

  it('reproduces the published fit of the 1/10 sample: r, α, a, b and LL within 0.5%', () => {
    expect(histories).toHaveLength(2357);
    const fit = fitBgNbd(histories);
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.243, 0.005);
    within(fit.params.alpha, 4.414, 0.005);
    within(fit.params.a, 0.793, 0.005);
    within(fit.params.b, 2.426, 0.005);
    within(fit.logLikelihood, -9582.4, 0.005);
    // The published parameters are the maximum: nudging any of them lowers the likelihood.
    const ll = (p: typeof fit.params) => bgNbdLogLikelihood(histories, p);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(ll({ ...fit.params, [key]: fit.params[key] * 1.02 })).toBeLessThan(fit.logLikelihood);
      expect(ll({ ...fit.params, [key]: fit.params[key] * 0.98 })).toBeLessThan(fit.logLikelihood);
    }
  });

  it("gives the paper's worked customer (x=2, t_x=30.43, T=38.86): E[Y(39)] ≈ 1.226", () => {
    const params = { r: 0.2425945, alpha: 4.413602, a: 0.7929228, b: 2.4259094 };
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    expect(expectedVisits(customer, params, 39)).toBeCloseTo(1.226, 3);
    expect(probabilityAlive(customer, params)).toBeCloseTo(0.7266, 3);
    expect(probabilityAlive({ x: 0, tx: 0, T: 30 }, params)).toBe(1);
  });

  it('keeps heavy buyers finite (Euler-transformed series) and P(no visit) between P(dead) and 1', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const heavy = { x: 400, tx: 38, T: 38.5 };
    // Reference: the original (untransformed) formula at 50 digits with mpmath gives 228.0700231840877.
    expect(expectedVisits(heavy, params, 39)).toBeCloseTo(228.0700231840877, 8);
    // a > 1 (summed in logarithms), checked against the same mpmath reference.
    expect(expectedVisits({ x: 5, tx: 40, T: 60 }, { r: 1.6, alpha: 10.4, a: 50, b: 600 }, 39)).toBeCloseTo(
      1.7895835389151624,
      8,
    );
    expect(
      expectedVisits({ x: 30, tx: 100, T: 104 }, { r: 1.6, alpha: 10.4, a: 1e6, b: 1.1e7 }, 39),
    ).toBeCloseTo(5.50694167872789, 6);
    expect(expectedVisits(heavy, { ...params, a: 3.5, b: 2.4 }, 39)).toBeCloseTo(66.33491323324134, 7);
    const quiet = { x: 5, tx: 10, T: 38 };
    const pNo = probabilityNoVisit(quiet, params, 39);
    expect(pNo).toBeGreaterThan(1 - probabilityAlive(quiet, params));
    expect(pNo).toBeLessThan(1);
  });
});
