/**
 * bench:lapse — the lapse model at the size of a busy shop: 100,000 customers with 1,000,000
 * synthetic visits drawn from a known BG/NBD process over two years. Measures the fit, the scoring
 * of every customer (P(alive), expected visits, P(no visit), the lapse call) and the whole
 * scoreCustomers call the daily scan makes, the peak RSS, and the fit on cdnow_master.txt. Prints
 * one JSON line last. Targets: fit + scoring of 100,000 customers ≤ 10 s, peak RSS ≤ 500 MB.
 *
 * Options (env): BENCH_CUSTOMERS (100000), BENCH_VISITS (1000000), BENCH_SEED (7).
 */
import { readFileSync } from 'node:fs';
import { cdnowHistories, parseCdnow } from '../../src/analytics/formats/cdnow-format.js';
import { sharedDataFile } from '../../src/analytics/formats/shared-data.js';
import {
  expectedVisits,
  fitBgNbd,
  probabilityAlive,
  probabilityNoVisit,
  type BgNbdParams,
} from '../../src/retention/bg-nbd.js';
import { defaultLapseOptions, scoreCustomers, type VisitHistory } from '../../src/retention/lapse-scoring.js';
import { rfmFromDays } from '../../src/retention/rfm.js';
import { dayNumber } from '../../src/retention/shop-time.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const targetVisits = Number(process.env.BENCH_VISITS ?? 1_000_000);
const seed = Number(process.env.BENCH_SEED ?? 7);
const truth: BgNbdParams = { r: 1.2, alpha: 9, a: 0.8, b: 12 };
const startDay = dayNumber(2024, 1, 1);
const endDay = dayNumber(2025, 12, 31);

/** A small seeded PRNG (mulberry32), so every run draws the same shop. */
function random(seedValue: number) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia–Tsang (with the boost for shape < 1). */
function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = rand();
      const u2 = rand();
      x = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One shop's history drawn from BG/NBD: Poisson visits (rate per week), dropout after each repeat visit. */
function syntheticShop(scale: number): VisitHistory[] {
  const rand = random(seed);
  const shop: VisitHistory[] = [];
  for (let i = 0; i < customers; i++) {
    const rate = (gamma(rand, truth.r) / truth.alpha) * scale; // visits per week
    const ga = gamma(rand, truth.a);
    const p = ga / (ga + gamma(rand, truth.b));
    const first = startDay + Math.floor(rand() * 365);
    const days = [first];
    let t = first;
    for (;;) {
      t += (-Math.log(1 - rand()) / rate) * 7;
      if (t > endDay) break;
      days.push(Math.floor(t));
      if (rand() < p) break;
    }
    shop.push({ id: `c${i}`, days });
  }
  return shop;
}

const count = (shop: VisitHistory[]) => shop.reduce((n, h) => n + h.days.length, 0);
const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

function main() {
  // Draw once, then scale the visit rate so the shop has the target number of visits, and trim the
  // few extra (latest visits of the heaviest customers) to hit it exactly.
  let scale = 1;
  let shop = syntheticShop(scale);
  for (let i = 0; i < 6 && (count(shop) < targetVisits || count(shop) > targetVisits * 1.02); i++) {
    scale *= (targetVisits * 1.01) / count(shop);
    shop = syntheticShop(scale);
  }
  let extra = count(shop) - targetVisits;
  const heavy = [...shop].sort((p, q) => q.days.length - p.days.length);
  for (let i = 0; extra > 0; i = (i + 1) % heavy.length) {
    const days = heavy[i]!.days as number[];
    if (days.length > 1) {
      days.pop();
      extra--;
    }
  }

  let started = performance.now();
  const summaries = shop.map((h) => rfmFromDays(h.days, endDay)!);
  const summarySeconds = seconds(started);
  started = performance.now();
  const fit = fitBgNbd(summaries);
  const fitSeconds = seconds(started);
  started = performance.now();
  let lapsed = 0;
  let checksum = 0; // uses every result, so nothing is optimised away
  for (const s of summaries) {
    checksum +=
      probabilityAlive(s, fit.params) + expectedVisits(s, fit.params, defaultLapseOptions.horizonWeeks);
    if (
      probabilityNoVisit(s, fit.params, defaultLapseOptions.horizonWeeks) >=
      defaultLapseOptions.churnThreshold
    )
      lapsed++;
  }
  const scoringSeconds = seconds(started);
  started = performance.now();
  const scan = scoreCustomers(shop, endDay);
  const scoreCustomersSeconds = seconds(started);

  const master = sharedDataFile('cdnow_master.txt', process.env.JOREN_SHARED_DATA);
  const masterHistories = cdnowHistories(parseCdnow(readFileSync(master, 'utf8')).records);
  started = performance.now();
  const masterSummaries = masterHistories.flatMap((h) => rfmFromDays(h.days, dayNumber(1997, 9, 30)) ?? []);
  const masterFit = fitBgNbd(masterSummaries);
  const cdnowMasterFitSeconds = seconds(started);

  const round = (p: BgNbdParams) =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const fitPlusScoringSeconds = Math.round((fitSeconds + scoringSeconds) * 100) / 100;
  console.log(
    JSON.stringify({
      bench: 'lapse',
      customers: shop.length,
      visits: count(shop),
      distinctVisitDays: summaries.reduce((n, s) => n + s.x + 1, 0),
      summarySeconds,
      fitSeconds,
      fitEvaluations: fit.evaluations,
      scoringSeconds,
      fitPlusScoringSeconds,
      scoreCustomersSeconds,
      lapsed,
      checksum: Math.round(checksum),
      method: scan.method,
      // The drawn rates were scaled to reach the visit count: Gamma(r, α) scaled by k is Gamma(r, α/k).
      trueParams: round({ ...truth, alpha: truth.alpha / scale }),
      fittedParams: round(fit.params),
      peakRssMB,
      cdnowMasterFitSeconds,
      cdnowMasterParams: round(masterFit.params),
      cdnowMasterLL: Math.round(masterFit.logLikelihood * 100) / 100,
      targets: { fitPlusScoringSeconds: 10, peakRssMB: 500 },
      pass: fitPlusScoringSeconds <= 10 && scoreCustomersSeconds <= 10 && peakRssMB <= 500,
    }),
  );
}

main();
