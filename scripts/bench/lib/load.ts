import { Pool } from 'undici';
import { summarize, type LatencySummary } from './stats.js';

export interface BenchRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult extends LatencySummary {
  /** Requests answered 200. */
  accepted: number;
  /** p99 latency of each second of the run, in ms (where the tail came from). */
  p99_by_second?: number[];
}

async function send(pool: Pool, request: BenchRequest): Promise<number> {
  const { statusCode, body } = await pool.request({
    method: 'POST',
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  await body.dump();
  return statusCode;
}

/** `concurrency` clients, each sending its next request as soon as the previous one is answered. */
export async function closedLoop(options: {
  origin: string;
  concurrency: number;
  durationMs: number;
  next: () => BenchRequest;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let accepted = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const request = options.next();
        const t0 = performance.now();
        try {
          const status = await send(pool, request);
          latencies.push(performance.now() - t0);
          if (status === 200) accepted++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  await pool.close();
  return { ...summarize(latencies, errors, elapsed), accepted };
}

/**
 * Requests at a fixed rate whatever the answers' speed (open loop); latency counts from the moment a
 * request was due, so a stalled server cannot hide its queue (no coordinated omission).
 */
export async function fixedRate(options: {
  origin: string;
  ratePerSecond: number;
  durationMs: number;
  maxConnections: number;
  next: () => BenchRequest;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.maxConnections, pipelining: 1 });
  const latencies: number[] = [];
  const bySecond: number[][] = [];
  let errors = 0;
  let accepted = 0;
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const interval = 1000 / options.ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = options.next();
    inFlight.push(
      send(pool, request).then(
        (status) => {
          const latency = performance.now() - due;
          latencies.push(latency);
          (bySecond[Math.floor((due - started) / 1000)] ??= []).push(latency);
          if (status === 200) accepted++;
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = performance.now() - started;
  await pool.close();
  const p99BySecond = bySecond.map((second) => summarize(second, 0, 1000).p99_ms);
  return { ...summarize(latencies, errors, elapsed), accepted, p99_by_second: p99BySecond };
}
