import { runAtOnce, type Steps } from './time-slices.js';

/** What a minimisation found. */
export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

export interface NelderMeadOptions {
  /** Stop when the simplex's values and points are this close (relative). */
  tolerance?: number;
  maxEvaluations?: number;
  /** Size of the first simplex's steps from the start point. */
  step?: number;
  /** Start again from the best point this many times (Nelder–Mead can stall on a ridge). */
  restarts?: number;
}

/**
 * Minimises f by the Nelder–Mead downhill simplex (standard coefficients: reflect 1, expand 2,
 * contract ½, shrink ½). A non-finite f counts as +∞, so callers can refuse points outside the domain.
 */
export function nelderMead(f: (x: number[]) => number, start: number[], options: NelderMeadOptions = {}) {
  return runAtOnce(nelderMeadSteps(f, start, options));
}

/** nelderMead as steps: it may pause after each evaluation of f (see time-slices.ts). */
export function* nelderMeadSteps(
  f: (x: number[]) => number,
  start: number[],
  options: NelderMeadOptions = {},
): Steps<Minimum> {
  const tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 4000;
  const restarts = options.restarts ?? 2;
  let evaluations = 0;
  function* value(x: number[]): Steps<number> {
    evaluations++;
    const v = f(x);
    yield;
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  }

  let best: Minimum = { point: start, value: yield* value(start), evaluations: 0, converged: false };
  for (let round = 0; round <= restarts; round++) {
    const found = yield* runSimplex(
      value,
      best.point,
      options.step ?? 0.5,
      tolerance,
      () => evaluations < maxEvaluations,
    );
    const improved = found.value < best.value - tolerance * (Math.abs(best.value) + tolerance);
    best = { ...found, evaluations, converged: found.converged };
    if (round > 0 && !improved) break;
  }
  return { ...best, evaluations };
}

function* runSimplex(
  value: (x: number[]) => Steps<number>,
  start: number[],
  step: number,
  tolerance: number,
  budgetLeft: () => boolean,
): Steps<Minimum> {
  const n = start.length;
  const points: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + step;
    points.push(p);
  }
  const values: number[] = [];
  for (const point of points) values.push(yield* value(point));
  const order = () => {
    const idx = points.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const p = idx.map((i) => points[i]!);
    const v = idx.map((i) => values[i]!);
    points.splice(0, points.length, ...p);
    values.splice(0, values.length, ...v);
  };
  const along = (from: number[], to: number[], t: number) => from.map((x, i) => x + t * (to[i]! - x));

  let converged = false;
  while (budgetLeft()) {
    order();
    const spread = Math.abs(values[n]! - values[0]!);
    const size = Math.max(
      ...points.slice(1).map((p) => Math.max(...p.map((x, i) => Math.abs(x - points[0]![i]!)))),
    );
    if (spread <= tolerance * (Math.abs(values[0]!) + tolerance) && size <= Math.sqrt(tolerance)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += points[k]![i]! / n;
    const worst = points[n]!;
    const reflected = along(centroid, worst, -1);
    const fr = yield* value(reflected);
    if (fr < values[0]!) {
      const expanded = along(centroid, worst, -2);
      const fe = yield* value(expanded);
      if (fe < fr) {
        points[n] = expanded;
        values[n] = fe;
      } else {
        points[n] = reflected;
        values[n] = fr;
      }
      continue;
    }
    if (fr < values[n - 1]!) {
      points[n] = reflected;
      values[n] = fr;
      continue;
    }
    const outside = fr < values[n]!;
    const contracted = along(centroid, outside ? reflected : worst, 0.5);
    const fc = yield* value(contracted);
    if (fc < (outside ? fr : values[n]!)) {
      points[n] = contracted;
      values[n] = fc;
      continue;
    }
    for (let k = 1; k <= n; k++) {
      points[k] = along(points[0]!, points[k]!, 0.5);
      values[k] = yield* value(points[k]!);
    }
  }
  order();
  return { point: points[0]!, value: values[0]!, evaluations: 0, converged };
}
