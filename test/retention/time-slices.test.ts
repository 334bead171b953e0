import { describe, expect, it } from '@jest/globals';
import { nelderMead, nelderMeadSteps } from '../../src/retention/nelder-mead.js';
import { runAtOnce, runInSlices, type Steps } from '../../src/retention/time-slices.js';

/** Steps that each hold the thread for `ms`, then the number of steps taken. */
function* busySteps(count: number, ms: number): Steps<number> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield;
  }
  return count;
}

const rosenbrock = ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2;

describe('time slices', () => {
  it('run to the same result at once and in slices', async () => {
    expect(runAtOnce(busySteps(5, 0))).toBe(5);
    expect(await runInSlices(busySteps(5, 0))).toBe(5);
    const atOnce = nelderMead(rosenbrock, [-1.2, 1]);
    const sliced = await runInSlices(nelderMeadSteps(rosenbrock, [-1.2, 1]), 0);
    expect(sliced).toEqual(atOnce);
    expect(atOnce.point[0]).toBeCloseTo(1, 3);
  });

  it('let a timer run between slices, not only at the end', async () => {
    let timerRanAfterSteps: number | undefined;
    let steps = 0;
    const counted = function* (): Steps<number> {
      for (const _ of busySteps(20, 2)) {
        steps++;
        yield;
      }
      return steps;
    };
    setTimeout(() => (timerRanAfterSteps = steps), 0);
    const total = await runInSlices(counted(), 5);
    expect(total).toBe(20);
    expect(timerRanAfterSteps).toBeDefined();
    expect(timerRanAfterSteps!).toBeLessThan(20);
  });
});
