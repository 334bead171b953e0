import type { Batch } from './send-pipeline.js';
import { Signal } from './signal.js';

/**
 * A claimed batch whose deliveries were not kept in memory: read back from its stored record, less
 * the keys another run or process had claimed first.
 */
export type StoredBatch = Omit<Batch, 'deliveries' | 'pending'> & { taken: string[] };

/**
 * The batches a run's planner has claimed, in order, for its workers. The first `keep` waiting are
 * held whole; past those only their ids, so a planner far ahead of LINE's rate does not hold a whole
 * audience's messages in memory. Items keep their order; a failure of the planner reaches the workers
 * after the batches claimed before it.
 */
export class ClaimedBatches {
  private readonly waiting: (Batch | StoredBatch)[] = [];
  private whole = 0;
  private closed = false;
  private failure: { error: unknown } | undefined;
  private readonly arrived = new Signal();

  constructor(private readonly keep: number) {}

  push(batch: Batch, taken: string[]): void {
    if (this.whole < this.keep) {
      this.waiting.push(batch);
      this.whole++;
    } else {
      const { deliveries: _deliveries, pending: _pending, ...stored } = batch;
      this.waiting.push({ ...stored, taken });
    }
    this.arrived.notify();
  }

  close(): void {
    this.closed = true;
    this.arrived.notify();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.close();
  }

  /** The next batch, whole or stored; undefined once the planner is done and all were taken. */
  async next(): Promise<Batch | StoredBatch | undefined> {
    while (this.waiting.length === 0 && !this.closed) await this.arrived.wait();
    const item = this.waiting.shift();
    if (item) {
      if ('deliveries' in item) this.whole--;
      return item;
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      throw error;
    }
    return undefined;
  }
}
