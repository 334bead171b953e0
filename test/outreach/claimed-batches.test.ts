import { describe, expect, it } from '@jest/globals';
import { ClaimedBatches } from '../../src/outreach/claimed-batches.js';
import type { Batch } from '../../src/outreach/send-pipeline.js';

function batch(n: number): Batch {
  const deliveries = [
    {
      key: `seasonal:summer-2027:U${n}`,
      customerId: `U${n}`,
      kind: 'seasonal' as const,
      period: 'summer-2027',
      messages: [{ type: 'text' as const, text: `こんにちは ${n}` }],
    },
  ];
  return {
    id: `b${n}`,
    runKey: 'seasonal:2027-07-15',
    kind: 'seasonal',
    via: 'push',
    at: new Date(0),
    deliveries,
    resumed: false,
    next: 0,
    pending: deliveries.length,
    results: [],
  };
}

describe('ClaimedBatches', () => {
  it('keeps the first few whole and only the ids of the rest, in order, with what was taken', async () => {
    const queue = new ClaimedBatches(2);
    for (let n = 1; n <= 4; n++) queue.push(batch(n), n === 4 ? ['seasonal:summer-2027:X'] : []);
    queue.close();
    const taken = [];
    for (let item = await queue.next(); item; item = await queue.next()) taken.push(item);
    expect(taken.map((item) => item.id)).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(taken.map((item) => 'deliveries' in item)).toEqual([true, true, false, false]);
    expect(taken[3]).toMatchObject({ taken: ['seasonal:summer-2027:X'] });
  });

  it('holds whole batches again once the workers took the ones it held', async () => {
    const queue = new ClaimedBatches(1);
    queue.push(batch(1), []);
    expect(await queue.next()).toMatchObject({ id: 'b1', deliveries: expect.any(Array) });
    queue.push(batch(2), []);
    expect(await queue.next()).toMatchObject({ id: 'b2', deliveries: expect.any(Array) });
  });

  it('waits for the planner, and ends when it is done', async () => {
    const queue = new ClaimedBatches(4);
    const next = queue.next();
    setTimeout(() => queue.push(batch(7), []), 10);
    expect(await next).toMatchObject({ id: 'b7' });
    const end = queue.next();
    queue.close();
    expect(await end).toBeUndefined();
  });

  it('hands over what was claimed before the planner failed, then the failure', async () => {
    const queue = new ClaimedBatches(4);
    queue.push(batch(1), []);
    queue.fail(new Error('database gone'));
    expect(await queue.next()).toMatchObject({ id: 'b1' });
    await expect(queue.next()).rejects.toThrow('database gone');
    expect(await queue.next()).toBeUndefined();
  });
});
