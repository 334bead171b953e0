import { describe, expect, it } from '@jest/globals';
import { WriteQueue } from '../../src/outreach/write-queue.js';

/** A write that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return {
    write: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    open: () => open(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('WriteQueue', () => {
  it('runs one write at a time, and a waiting claim before waiting bookkeeping', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const a = gate(log, 'log-1');
    const b = gate(log, 'log-2');
    const c = gate(log, 'claim');
    const results = [queue.run('later', a.write), queue.run('later', b.write), queue.run('first', c.write)];
    await tick();
    expect(log).toEqual(['start log-1']);
    a.open();
    await tick();
    expect(log).toEqual(['start log-1', 'end log-1', 'start claim']);
    c.open();
    b.open();
    expect(await Promise.all(results)).toEqual(['log-1', 'log-2', 'claim']);
    expect(log).toEqual(['start log-1', 'end log-1', 'start claim', 'end claim', 'start log-2', 'end log-2']);
  });

  it('passes a failure to its caller and goes on with the next write', async () => {
    const queue = new WriteQueue();
    const failing = queue.run('first', () => Promise.reject(new Error('duplicate key')));
    const next = queue.run('later', () => Promise.resolve('written'));
    await expect(failing).rejects.toThrow('duplicate key');
    expect(await next).toBe('written');
    expect(await queue.run('later', () => Promise.resolve('idle again'))).toBe('idle again');
  });
});
