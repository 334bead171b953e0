import { hyp2f1MinusOne, lnGamma, lnHyp2f1Positive } from './special-functions.js';
import { nelderMeadSteps } from './nelder-mead.js';
import { runAtOnce, type Steps } from './time-slices.js';

/** BG/NBD parameters (Fader, Hardie & Lee 2005): visit rate ~ Gamma(r, α), dropout ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * One customer's history in the model's terms, in the fit's time unit (weeks here): x repeat visits
 * (distinct days after the first), t_x the time of the last one since the first visit, T the time
 * from the first visit to the end of observation.
 */
export interface RfmSummary {
  x: number;
  tx: number;
  T: number;
}

/** The result of a maximum-likelihood fit. */
export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  evaluations: number;
}

/**
 * Customers packed for fast likelihood evaluation: identical (x, t_x, T) triples are counted once,
 * and the logarithms that depend on one value only are taken once per distinct value.
 */
interface PackedHistories {
  x: Int32Array;
  weight: Float64Array;
  txIndex: Int32Array;
  TIndex: Int32Array;
  txValues: Float64Array;
  TValues: Float64Array;
  maxX: number;
  customers: number;
}

/** Customers packed between two chances to pause. */
const PACKED_PER_STEP = 2_000;

function pack(histories: ArrayLike<RfmSummary>): PackedHistories {
  return runAtOnce(packSteps(histories));
}

function* packSteps(histories: ArrayLike<RfmSummary>): Steps<PackedHistories> {
  const triples = new Map<string, number>();
  const txIds = new Map<number, number>();
  const TIds = new Map<number, number>();
  const rows: { x: number; tx: number; T: number; w: number }[] = [];
  let maxX = 0;
  for (let i = 0; i < histories.length; i++) {
    if (i % PACKED_PER_STEP === PACKED_PER_STEP - 1) yield;
    const h = histories[i]!;
    const key = `${h.x}|${h.tx}|${h.T}`;
    const at = triples.get(key);
    if (at !== undefined) {
      rows[at]!.w++;
      continue;
    }
    triples.set(key, rows.length);
    if (!txIds.has(h.tx)) txIds.set(h.tx, txIds.size);
    if (!TIds.has(h.T)) TIds.set(h.T, TIds.size);
    rows.push({ x: h.x, tx: txIds.get(h.tx)!, T: TIds.get(h.T)!, w: 1 });
    if (h.x > maxX) maxX = h.x;
  }
  return {
    x: Int32Array.from(rows, (r) => r.x),
    weight: Float64Array.from(rows, (r) => r.w),
    txIndex: Int32Array.from(rows, (r) => r.tx),
    TIndex: Int32Array.from(rows, (r) => r.T),
    txValues: Float64Array.from(txIds.keys()),
    TValues: Float64Array.from(TIds.keys()),
    maxX,
    customers: histories.length,
  };
}

function packedLogLikelihood(data: PackedHistories, { r, alpha, a, b }: BgNbdParams): number {
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NaN;
  const logTx = data.txValues.map((v) => Math.log(alpha + v));
  const logT = data.TValues.map((v) => Math.log(alpha + v));
  // Terms that depend on x alone: ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
  // and ln(a / (b+x−1)) for the "dropped out after the last visit" branch.
  const byX = new Float64Array(data.maxX + 1);
  const dropByX = new Float64Array(data.maxX + 1);
  const base = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  for (let x = 0; x <= data.maxX; x++) {
    byX[x] = base + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    dropByX[x] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
  }
  let total = 0;
  const n = data.x.length;
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const rx = r + x;
    const stay = -rx * logT[data.TIndex[i]!]!;
    let ll: number;
    if (x === 0) ll = stay;
    else {
      const drop = dropByX[x]! - rx * logTx[data.txIndex[i]!]!;
      ll = stay > drop ? stay + Math.log1p(Math.exp(drop - stay)) : drop + Math.log1p(Math.exp(stay - drop));
    }
    total += data.weight[i]! * (byX[x]! + ll);
  }
  return total;
}

/** The BG/NBD log-likelihood of a set of customers (FHL 2005, eq. 6, summed over customers). */
export function bgNbdLogLikelihood(histories: ArrayLike<RfmSummary>, params: BgNbdParams): number {
  return packedLogLikelihood(pack(histories), params);
}

/**
 * Maximum-likelihood fit by Nelder–Mead on the logarithms of the four parameters (so they stay
 * positive), started at r = α = a = b = 1 and restarted from its best point until it stops improving.
 */
export function fitBgNbd(
  histories: ArrayLike<RfmSummary>,
  options: { maxEvaluations?: number } = {},
): BgNbdFit {
  return runAtOnce(fitBgNbdSteps(histories, options));
}

/** fitBgNbd as steps: it may pause after each evaluation of the likelihood (see time-slices.ts). */
export function* fitBgNbdSteps(
  histories: ArrayLike<RfmSummary>,
  options: { maxEvaluations?: number } = {},
): Steps<BgNbdFit> {
  const data = yield* packSteps(histories);
  const toParams = (p: number[]): BgNbdParams => ({
    r: Math.exp(p[0]!),
    alpha: Math.exp(p[1]!),
    a: Math.exp(p[2]!),
    b: Math.exp(p[3]!),
  });
  const meanT = data.TValues.reduce((s, v) => s + v, 0) / Math.max(1, data.TValues.length);
  const start = [0, Math.log(Math.max(1, meanT / 4)), 0, 0];
  // Parameters beyond 10⁶ are the model's limits (no heterogeneity left): the search stops there.
  const bound = Math.log(1e6);
  const objective = (p: number[]) =>
    p.some((v) => Math.abs(v) > bound) ? Number.NaN : -packedLogLikelihood(data, toParams(p));
  const found = yield* nelderMeadSteps(objective, start, {
    tolerance: 1e-11,
    maxEvaluations: options.maxEvaluations ?? 3000,
    step: 0.7,
    restarts: 3,
  });
  return {
    params: toParams(found.point),
    logLikelihood: -found.value,
    customers: data.customers,
    converged: found.converged,
    evaluations: found.evaluations,
  };
}

/** P(the customer is still active at T | x, t_x, T) (FHL 2005, eq. 13; 1 for x = 0). */
export function probabilityAlive({ x, tx, T }: RfmSummary, { r, alpha, a, b }: BgNbdParams): number {
  if (x === 0) return 1;
  const logRatio = (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(Math.log(a) - Math.log(b + x - 1) + logRatio));
}

/**
 * Expected visits in the next `horizon` (FHL 2005, eq. 10):
 * (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive), z = t/(α+T+t).
 * For a ≤ 1 the series is Euler-transformed, ₂F₁(…) = (1−z)^(a−1−r−x) ₂F₁(a+b−1−r, a−1; a+b+x−1; z),
 * whose terms shrink from the start; for a > 1 every term of the original series is positive and it
 * is summed in logarithms, so neither a heavy buyer nor a near-constant dropout (a, b in the millions)
 * overflows it.
 */
export function expectedVisits(history: RfmSummary, params: BgNbdParams, horizon: number): number {
  const { x, T } = history;
  const { r, alpha, b } = params;
  // At a = 1 the closed form is 0/0; a hair's nudge keeps it finite and changes nothing visible.
  const a = Math.abs(params.a - 1) < 1e-6 ? 1 + 1e-6 : params.a;
  const z = horizon / (alpha + T + horizon);
  const log1mz = Math.log1p(-z);
  let bracket: number;
  if (a <= 1) {
    // 1 − (1−z)^(a−1)·₂F₁ = [1 − (1−z)^(a−1)] − (1−z)^(a−1)·(₂F₁ − 1), both parts small near a = 1.
    const seriesTail = hyp2f1MinusOne(a + b - 1 - r, a - 1, a + b + x - 1, z);
    bracket = -Math.expm1((a - 1) * log1mz) - Math.exp((a - 1) * log1mz) * seriesTail;
  } else {
    bracket = -Math.expm1((r + x) * log1mz + lnHyp2f1Positive(r + x, b + x, a + b + x - 1, z));
  }
  return ((a + b + x - 1) / (a - 1)) * bracket * probabilityAlive(history, { r, alpha, a, b });
}

/**
 * P(no visit at all in the next `horizon` | history): the customer has dropped out, or is active and
 * happens not to come (Poisson with the posterior Gamma(r+x, α+T) rate).
 */
export function probabilityNoVisit(history: RfmSummary, params: BgNbdParams, horizon: number): number {
  const alive = probabilityAlive(history, params);
  const quiet = Math.exp(
    (params.r + history.x) *
      (Math.log(params.alpha + history.T) - Math.log(params.alpha + history.T + horizon)),
  );
  return 1 - alive + alive * quiet;
}
