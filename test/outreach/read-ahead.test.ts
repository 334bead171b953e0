import { describe, expect, it } from '@jest/globals';
import { readingAhead } from '../../src/outreach/read-ahead.js';

/** A source that records how far it has been read and whether it was closed. */
function countingSource(count: number, failAt?: number) {
  const state = { read: 0, closed: false };
  async function* numbers() {
    try {
      for (let i = 0; i < count; i++) {
        await Promise.resolve();
        if (i === failAt) throw new Error(`source failed at ${i}`);
        state.read = i + 1;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: numbers() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('readingAhead', () => {
  it('starts reading before anyone asks, up to the limit, and gives every item in order', async () => {
    const { state, source } = countingSource(10);
    const ahead = readingAhead(source, 4);
    await settle();
    expect(state.read).toBe(4);

    const seen: number[] = [];
    for await (const n of ahead) seen.push(n);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(state.closed).toBe(true);
  });

  it('reads on as the consumer makes room, never holding more than the limit', async () => {
    const { state, source } = countingSource(100);
    const ahead = readingAhead(source, 8);
    for (let taken = 1; taken <= 50; taken++) {
      const next = await ahead.next();
      expect(next).toEqual({ value: taken - 1, done: false });
      await settle();
      expect(state.read - taken).toBeLessThanOrEqual(8);
      expect(state.read - taken).toBeGreaterThanOrEqual(7);
    }
    await ahead.return!();
  });

  it('reads on at once when the limit is raised, and waits for the consumer when it is lowered', async () => {
    const { state, source } = countingSource(100);
    const ahead = readingAhead(source, 4);
    await settle();
    expect(state.read).toBe(4);
    ahead.limit = 20;
    await settle();
    expect(state.read).toBe(20);
    ahead.limit = 5;
    for (let taken = 0; taken < 15; taken++) await ahead.next();
    await settle();
    expect(state.read).toBe(20); // 5 wait: as many as the new limit
    expect(await ahead.next()).toEqual({ value: 15, done: false });
    await settle();
    expect(state.read).toBe(21);
    expect(() => {
      ahead.limit = 0;
    }).toThrow(RangeError);
    await ahead.return!();
  });

  it('hands over what was read before a failure, then the failure', async () => {
    const { source } = countingSource(10, 3);
    const ahead = readingAhead(source, 100);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of ahead) seen.push(n);
      })(),
    ).rejects.toThrow('source failed at 3');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('stops reading and closes the source when the consumer stops early', async () => {
    const { state, source } = countingSource(1_000_000);
    const ahead = readingAhead(source, 5);
    for await (const n of ahead) if (n === 2) break;
    expect(state.closed).toBe(true);
    const readWhenStopped = state.read;
    await settle();
    expect(state.read).toBe(readWhenStopped);
    expect(readWhenStopped).toBeLessThanOrEqual(8);
  });

  it('keeps the order across many items (the buffer is compacted as it goes)', async () => {
    const { source } = countingSource(5_000);
    let expected = 0;
    for await (const n of readingAhead(source, 3_000)) expect(n).toBe(expected++);
    expect(expected).toBe(5_000);
  });

  it('refuses a limit below one', () => {
    expect(() => readingAhead(countingSource(1).source, 0)).toThrow(RangeError);
  });
});
