import { Signal } from './signal.js';

/** An iterator reading ahead of its consumer; `limit` (how many items may wait) can be changed. */
export interface ReadAhead<T> extends AsyncIterableIterator<T> {
  limit: number;
}

/**
 * Reads a source ahead of its consumer, from the moment this is called: up to `limit` items wait in a
 * buffer, after which reading pauses until the consumer catches up. Items keep their order; an error
 * of the source reaches the consumer after the items read before it. Iterate it once; stopping early
 * (`break`, `return()`) stops the reading and closes the source.
 */
export function readingAhead<T>(source: AsyncIterable<T>, initialLimit: number): ReadAhead<T> {
  const checked = (limit: number) => {
    if (!(limit >= 1)) throw new RangeError('Reading ahead needs room for at least one item.');
    return limit;
  };
  let limit = checked(initialLimit);
  const upstream = source[Symbol.asyncIterator]();
  let buffer: T[] = [];
  let head = 0;
  let finished = false;
  let failed = false;
  let failure: unknown;
  let stopped = false;
  const arrived = new Signal();
  const room = new Signal();

  const waiting = () => buffer.length - head;
  const reading = (async () => {
    try {
      while (!stopped) {
        if (waiting() >= limit) {
          await room.wait();
          continue;
        }
        const next = await upstream.next();
        if (next.done) break;
        buffer.push(next.value);
        arrived.notify();
      }
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      finished = true;
      arrived.notify();
    }
  })();

  const iterator: ReadAhead<T> = {
    [Symbol.asyncIterator]: () => iterator,
    get limit() {
      return limit;
    },
    set limit(value: number) {
      limit = checked(value);
      room.notify();
    },
    async next(): Promise<IteratorResult<T>> {
      while (waiting() === 0 && !finished) await arrived.wait();
      if (waiting() > 0) {
        const value = buffer[head++]!;
        if (head >= 1_024 && head * 2 >= buffer.length) {
          buffer = buffer.slice(head);
          head = 0;
        }
        if (waiting() < limit) room.notify();
        return { value, done: false };
      }
      if (failed) {
        failed = false;
        throw failure;
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      stopped = true;
      room.notify();
      await reading;
      buffer = [];
      head = 0;
      await upstream.return?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}
