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
  it('runs one write at a time; a waiting claim goes next, but never twice while bookkeeping waits', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const writes = {
      log1: gate(log, 'log-1'),
      log2: gate(log, 'log-2'),
      log3: gate(log, 'log-3'),
      claim1: gate(log, 'claim-1'),
      claim2: gate(log, 'claim-2'),
    };
    const results = [
      queue.run('later', writes.log1.write),
      queue.run('later', writes.log2.write),
      queue.run('later', writes.log3.write),
      queue.run('first', writes.claim1.write),
      queue.run('first', writes.claim2.write),
    ];
    await tick();
    expect(log).toEqual(['start log-1']);
    for (const write of Object.values(writes)) write.open();
    expect(await Promise.all(results)).toEqual(['log-1', 'log-2', 'log-3', 'claim-1', 'claim-2']);
    expect(log.filter((line) => line.startsWith('start'))).toEqual([
      'start log-1',
      'start claim-1', // before log-2 and log-3, which were waiting before it
      'start log-2', // not claim-2: bookkeeping gets every other turn
      'start claim-2',
      'start log-3',
    ]);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i + 1]).toBe(log[i]!.replace('start', 'end')); // one at a time
    }
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
