/**
 * The special functions the BG/NBD model needs, written for doubles: the log-gamma function and the
 * Gauss hypergeometric series.
 */

// Lanczos approximation with g = 7 and nine terms (relative error about 1e-15 for x > 0).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) {
    // Reflection keeps the approximation in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 and c > 0.
 * Callers keep the terms bounded (see bg-nbd.ts: the Euler transform leaves small numerator
 * parameters), so plain summation is accurate.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, tolerance = 1e-14): number {
  return 1 + hyp2f1MinusOne(a, b, c, z, tolerance);
}

/** ₂F₁(a, b; c; z) − 1, summed without the leading 1 so that a small result keeps its digits. */
export function hyp2f1MinusOne(a: number, b: number, c: number, z: number, tolerance = 1e-14): number {
  if (z < 0 || z >= 1 || !(c > 0)) return Number.NaN;
  let term = 1;
  let tail = 0;
  for (let n = 0; n < 100_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    tail += term;
    if (Math.abs(term) <= tolerance * Math.max(1e-300, Math.abs(tail), 1e-3)) return tail;
  }
  return tail;
}

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, where every term is positive: the sum is kept
 * as a scaled mantissa and a logarithm, so series whose terms run far beyond the double range (a heavy
 * buyer's ₂F₁ reaches 10⁴⁰⁰) still sum to full precision.
 */
export function lnHyp2f1Positive(a: number, b: number, c: number, z: number, tolerance = 1e-15): number {
  if (!(a > 0 && b > 0 && c > 0) || z < 0 || z >= 1) return Number.NaN;
  let logScale = 0; // the sum is sum · e^logScale
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (sum > 1e250) {
      logScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
    if (term <= tolerance * sum) break;
  }
  return logScale + Math.log(sum);
}
