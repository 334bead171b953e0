import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile } from './stats.js';

/** One sample a second: resident memory and the worst event-loop delay of that second. */
export interface Sample {
  atS: number;
  rssMB: number;
  lagMaxMs: number;
}

/** Samples RSS and event-loop lag each second; `stop()` returns the samples and the run's lag p99. */
export function startSampler(): { stop(): { samples: Sample[]; lagP99Ms: number; lagMaxMs: number } } {
  const whole = monitorEventLoopDelay({ resolution: 10 });
  const second = monitorEventLoopDelay({ resolution: 10 });
  whole.enable();
  second.enable();
  const started = performance.now();
  const samples: Sample[] = [];
  const timer = setInterval(() => {
    samples.push({
      atS: (performance.now() - started) / 1000,
      rssMB: process.memoryUsage.rss() / 2 ** 20,
      lagMaxMs: second.max / 1e6,
    });
    second.reset();
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      whole.disable();
      second.disable();
      return { samples, lagP99Ms: whole.percentile(99) / 1e6, lagMaxMs: whole.max / 1e6 };
    },
  };
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * The memory trend of a run: the RSS slope over its second half (MB/min) and the medians of its first
 * and last window (a minute, or a quarter of a shorter run).
 */
export function memoryTrend(samples: Sample[]) {
  const duration = samples.at(-1)?.atS ?? 0;
  const window = Math.min(60, duration / 4);
  const secondHalf = samples.filter((s) => s.atS >= duration / 2);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    slopeMBPerMin: round(slope(secondHalf.map((s) => ({ x: s.atS / 60, y: s.rssMB })))),
    windowS: Math.round(window),
    firstMedianMB: round(median(samples.filter((s) => s.atS <= window).map((s) => s.rssMB))),
    lastMedianMB: round(median(samples.filter((s) => s.atS >= duration - window).map((s) => s.rssMB))),
    peakMB: round(Math.max(...samples.map((s) => s.rssMB))),
  };
}
