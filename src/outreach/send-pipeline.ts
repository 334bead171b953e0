import type { DeliveryOutcome } from './line-delivery.js';
import type { Delivery } from './outreach-records.js';
import { Signal } from './signal.js';
import type { TouchpointKind } from '../db/models/index.js';

/** A send's outcome, or `held`: not sent because the run stopped (quiet hours, shutdown). */
export type TaskOutcome = DeliveryOutcome | { status: 'held' };

/** Up to 500 deliveries claimed together, sent, logged and finished together. */
export interface Batch {
  id: string;
  runKey: string;
  kind: TouchpointKind;
  via: 'push' | 'multicast';
  deliveries: Delivery[];
  /** When the batch was claimed. */
  at: Date;
  /** Resumed from the ledger: what is held back keeps its claim (its LINE outcome may be unknown). */
  resumed: boolean;
  next: number;
  pending: number;
  results: { delivery: Delivery; outcome: TaskOutcome }[];
  /** When its sends began (a resumed batch that had begun before the crash). */
  startedAt?: Date;
}

export interface PipelineSteps {
  /** Prepares the next batch (compose, claim), or undefined when there is no more. */
  nextBatch(): Promise<Batch | undefined>;
  /** Runs once per batch not begun before, before any of its sends (when it is prepared). */
  beforeSending?(batch: Batch): Promise<void>;
  send(batch: Batch, deliveries: Delivery[]): Promise<DeliveryOutcome>;
  /** Writes a batch's outcomes; runs while the workers go on with the next batches. */
  finish(batch: Batch): Promise<void>;
  /** True once the run must stop (quiet hours began, shutdown): what has not gone is held. */
  shouldStop?: () => boolean;
  concurrency: number;
}

/** Batches prepared ahead of the workers: enough to ride out a slow database write. */
const PREPARED_AHEAD = 3;
/**
 * Sent batches whose outcomes are still being written: past this the producer waits, so a database
 * slower than LINE (a busy machine) slows the run instead of piling sent batches up in memory.
 */
const WRITING_AT_MOST = 3;

/**
 * Workers send from the batches the producer prepares ahead. A push is one task; a multicast batch is
 * one task. Once LINE reports the monthly limit, nothing more is sent (the rest is marked refused);
 * once `shouldStop` says so, nothing more is sent (the rest is held). Resolves once every prepared
 * batch is finished; rejects with the first failure after that.
 */
export async function runSendPipeline(
  steps: PipelineSteps,
): Promise<{ stopped: boolean; quotaHit: boolean }> {
  const ready: Batch[] = [];
  const finishing: Promise<void>[] = [];
  let writing = 0;
  const work = new Signal();
  const room = new Signal();
  let producing = true;
  let quotaHit = false;
  let stopped = false;
  let failure: Error | undefined;
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error('fan-out failed');
  };

  const producer = (async () => {
    try {
      while (!quotaHit && !stopped && !failure) {
        while (
          ready.filter((b) => b.next < b.deliveries.length).length >= PREPARED_AHEAD ||
          writing >= WRITING_AT_MOST
        ) {
          await room.wait();
        }
        if (steps.shouldStop?.()) {
          stopped = true;
          break;
        }
        const batch = await steps.nextBatch();
        if (!batch) break;
        // Here rather than at its first send: the write happens while the workers send the batches
        // before it, instead of stalling them all at each batch's start.
        if (!batch.startedAt) await steps.beforeSending?.(batch);
        ready.push(batch);
        work.notify();
      }
    } catch (error) {
      fail(error);
    } finally {
      producing = false;
      work.notify();
    }
  })();

  const takeTask = (): { batch: Batch; deliveries: Delivery[] } | undefined => {
    for (const batch of ready) {
      if (batch.next >= batch.deliveries.length) continue;
      if (batch.via === 'multicast') {
        batch.next = batch.deliveries.length;
        return { batch, deliveries: batch.deliveries };
      }
      return { batch, deliveries: [batch.deliveries[batch.next++]!] };
    }
    return undefined;
  };

  const worker = async () => {
    for (;;) {
      const task = takeTask();
      if (!task) {
        if (!producing) return;
        await work.wait();
        continue;
      }
      room.notify();
      if (!quotaHit && !stopped && steps.shouldStop?.()) stopped = true;
      const outcome: TaskOutcome = quotaHit
        ? { status: 'quota-exhausted' }
        : stopped
          ? { status: 'held' }
          : await steps.send(task.batch, task.deliveries);
      if (outcome.status === 'quota-exhausted') quotaHit = true;
      for (const delivery of task.deliveries) task.batch.results.push({ delivery, outcome });
      task.batch.pending -= task.deliveries.length;
      if (task.batch.pending === 0) {
        ready.splice(ready.indexOf(task.batch), 1);
        writing++;
        const written = steps
          .finish(task.batch)
          .catch(fail)
          .finally(() => {
            writing--;
            room.notify();
          });
        finishing.push(written);
      }
    }
  };

  await Promise.all([producer, ...Array.from({ length: steps.concurrency }, worker)]);
  await Promise.all(finishing);
  if (failure) throw failure;
  return { stopped, quotaHit };
}
