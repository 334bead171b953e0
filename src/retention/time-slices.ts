import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A long computation written as a generator that yields at points where it may pause (between
 * evaluations of a likelihood, every few thousand customers); it returns its result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end in one go (tests, scripts, benchmarks). */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps, letting the event loop take a turn whenever `sliceMs` have passed since the last
 * turn, so webhooks and Slack commands are answered while a daily job computes. Same result as
 * runAtOnce; only the pauses differ.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 10): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      await nextTurn();
      sliceStarted = performance.now();
    }
  }
}
