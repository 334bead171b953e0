import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SendLedgerEntry } from '../db/models/index.js';
import type { LedgerRef } from './audience.js';
import type { JorenError } from '../errors.js';
import type { LineMessage } from '../line/line-api.js';
import { retryKeyFor } from '../line/retry-key.js';
import type { Logger } from '../log.js';
import type { DeliveryOutcome, LineDelivery } from './line-delivery.js';
import type { OutreachRecords, Delivery, SendResult } from './outreach-records.js';
import type { TouchpointKind } from './touchpoints.js';
import { Signal } from './signal.js';

export type { Delivery } from './outreach-records.js';

export interface FanOutRun {
  /** The job run (resumed batches keep the run that claimed them). */
  runKey: string;
  kind: TouchpointKind;
  /** Personalised messages go by push; one message for everyone by multicast (≤ 500 a call). */
  via: 'push' | 'multicast';
  deliveries: Delivery[];
  /** Checked before each batch is claimed; true stops the run (quiet hours began) and leaves the rest. */
  shouldStop?: () => boolean;
  /** Runs after the conversation log has a message LINE accepted (e.g. mark the survey as sent). */
  onSent?: (delivery: Delivery) => Promise<void>;
}

export interface FanOutReport {
  /** Claimed in the ledger by this run. */
  claimed: number;
  sent: number;
  /** Claimed by another run or process first. */
  taken: number;
  unreachable: number;
  /** LINE refused the request itself (4xx); logged as failed. */
  rejected: number;
  /** LINE's monthly limit: not sent, claims given back. */
  quotaRefused: Delivery[];
  /** An earlier attempt older than the retry key's life could not be confirmed: not resent. */
  uncertain: Delivery[];
  /** LINE kept failing: claimed, no outcome yet; the next run resumes them. */
  unconfirmed: number;
  /** Not sent because the run stopped (quiet hours began, shutdown); left for a later run. */
  held: number;
  stopped: boolean;
  errors: JorenError[];
}

export interface FanOutOptions {
  /** Deliveries claimed per ledger insert (and per multicast request, at most 500). */
  batchSize: number;
  /** Pushes in flight at once (the rate limiter paces them). */
  pushConcurrency: number;
  multicastConcurrency: number;
}

export const defaultFanOutOptions: FanOutOptions = {
  batchSize: 500,
  pushConcurrency: 96,
  multicastConcurrency: 4,
};

/** LINE remembers an X-Line-Retry-Key for 24 hours; past that a resend could deliver twice. */
const RETRY_KEY_LIFE_MS = 23 * 3_600_000;

interface Batch {
  id: string;
  runKey: string;
  kind: TouchpointKind;
  via: 'push' | 'multicast';
  deliveries: Delivery[];
  at: Date;
  next: number;
  pending: number;
  /** Resumed from the ledger: what is held back keeps its claim (its LINE outcome may be unknown). */
  resumed: boolean;
  results: { delivery: Delivery; outcome: TaskOutcome }[];
}

/** A send's outcome, or `held`: not sent because the run stopped (quiet hours, shutdown); released. */
type TaskOutcome = DeliveryOutcome | { status: 'held' };

/**
 * The fan-out engine. For each batch it claims the send ledger first (one insertMany), then sends —
 * pushes in parallel under the process's rate limiter, or one multicast per batch — each with the
 * X-Line-Retry-Key of its ledger entry (or of the batch, for a multicast), then logs the batch's
 * messages in the conversation log (one insertMany) and records the batch finished. Killed at any
 * point, a rerun resumes the unfinished batches with the same retry keys: LINE answers 409 for what
 * it already accepted, so no customer gets a message twice and none is forgotten.
 */
export class OutreachFanOut {
  private readonly instance = randomUUID().slice(0, 8);
  private sequence = 0;
  private readonly options: FanOutOptions;

  constructor(
    private readonly deps: { records: OutreachRecords; delivery: LineDelivery; clock: Clock; log: Logger },
    options: Partial<FanOutOptions> = {},
  ) {
    this.options = { ...defaultFanOutOptions, ...options };
  }

  /** Claims and sends new deliveries. */
  async run(run: FanOutRun): Promise<FanOutReport> {
    const report = emptyReport();
    const size = run.via === 'multicast' ? Math.min(500, this.options.batchSize) : this.options.batchSize;
    const chunks: Delivery[][] = [];
    for (let i = 0; i < run.deliveries.length; i += size) chunks.push(run.deliveries.slice(i, i + size));
    let index = 0;
    await this.pipeline(run, report, async () => {
      for (;;) {
        const chunk = chunks[index++];
        if (!chunk) return undefined;
        if (run.shouldStop?.()) {
          report.stopped = true;
          return undefined;
        }
        const batch = this.newBatch(run, chunk);
        const claimed = await this.deps.records.claim(chunk, batch, batch.at);
        report.taken += chunk.length - claimed.length;
        report.claimed += claimed.length;
        if (claimed.length > 0) return { ...batch, deliveries: claimed, pending: claimed.length };
      }
    });
    return report;
  }

  /**
   * Of these ledger entries, the ones a crash or a LINE outage left unsent: their batch has no
   * completion record and the conversation log has no outcome for them. Batches whose every entry has
   * an outcome are recorded finished on the way. One indexed read per batch and per open entry.
   */
  async openEntries(entries: readonly LedgerRef[]): Promise<string[]> {
    const { records, clock } = this.deps;
    const unfinished = await records.unfinishedBatches([...new Set(entries.map((e) => e.batchId))]);
    if (unfinished.size === 0) return [];
    const open = entries.filter((entry) => unfinished.has(entry.batchId));
    const missing = new Set(await records.withoutOutcome(open.map((entry) => entry._id)));
    for (const batchId of unfinished) {
      const members = open.filter((entry) => entry.batchId === batchId);
      if (!members.some((entry) => missing.has(entry._id))) {
        await records.finishBatch(
          { id: batchId, runKey: members[0]!.runKey, kind: members[0]!.kind },
          members.length,
          0,
          clock.now(),
        );
      }
    }
    return [...missing];
  }

  /**
   * Sends the open entries again (with their stored messages and the same retry keys, so LINE answers
   * 409 for what it had accepted). Entries older than the retry key's life are not resent: reported
   * uncertain, for staff to check.
   */
  async resume(
    run: Omit<FanOutRun, 'deliveries' | 'via'>,
    entries: SendLedgerEntry[],
  ): Promise<FanOutReport> {
    const report = emptyReport();
    const now = this.deps.clock.now();
    const byBatch = new Map<string, SendLedgerEntry[]>();
    for (const entry of entries) byBatch.set(entry.batchId, [...(byBatch.get(entry.batchId) ?? []), entry]);
    const batches: Batch[] = [];
    for (const [id, members] of byBatch) {
      const first = members[0]!;
      const deliveries = members.map(toDelivery);
      if (now.getTime() - first.at.getTime() > RETRY_KEY_LIFE_MS) {
        report.uncertain.push(...deliveries);
        await this.deps.records.finishBatch(
          { id, runKey: first.runKey, kind: first.kind },
          members.length,
          0,
          now,
        );
        continue;
      }
      batches.push({
        id,
        runKey: first.runKey,
        kind: first.kind,
        via: first.via,
        at: first.at,
        deliveries,
        next: 0,
        pending: deliveries.length,
        results: [],
        resumed: true,
      });
    }
    if (batches.length > 0) {
      this.deps.log.info(
        { batches: batches.length, entries: entries.length, kind: run.kind },
        'resuming unfinished outreach batches',
      );
    }
    await this.pipeline({ ...run, via: 'push', deliveries: [] }, report, () =>
      Promise.resolve(batches.shift()),
    );
    return report;
  }

  /** Workers send from the batches `nextBatch` prepares, at most two batches ahead. */
  private async pipeline(run: FanOutRun, report: FanOutReport, nextBatch: () => Promise<Batch | undefined>) {
    const ready: Batch[] = [];
    const finishing: Promise<void>[] = [];
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
        while (!quotaHit && !stopped) {
          while (ready.filter((b) => b.next < b.deliveries.length).length >= 2) await room.wait();
          const batch = await nextBatch();
          if (!batch) break;
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
        // Quiet hours (or a shutdown) that begin mid-batch hold back what has not gone yet.
        const stopNow = !quotaHit && (run.shouldStop?.() ?? false);
        if (stopNow) report.stopped = true;
        const outcome: TaskOutcome = quotaHit
          ? { status: 'quota-exhausted' }
          : stopNow
            ? { status: 'held' }
            : await this.send(task.batch, task.deliveries);
        if (outcome.status === 'quota-exhausted') quotaHit = true;
        if (outcome.status === 'held') stopped = true;
        for (const delivery of task.deliveries) task.batch.results.push({ delivery, outcome });
        task.batch.pending -= task.deliveries.length;
        if (task.batch.pending === 0) {
          ready.splice(ready.indexOf(task.batch), 1);
          finishing.push(this.finish(task.batch, run, report).catch(fail));
        }
      }
    };

    const concurrency =
      run.via === 'multicast' ? this.options.multicastConcurrency : this.options.pushConcurrency;
    await Promise.all([producer, ...Array.from({ length: concurrency }, worker)]);
    await Promise.all(finishing);
    if (failure) throw failure;
  }

  private send(batch: Batch, deliveries: Delivery[]): Promise<DeliveryOutcome> {
    const messages = deliveries[0]!.messages;
    if (batch.via === 'multicast') {
      return this.deps.delivery.multicast(
        deliveries.map((d) => d.customerId),
        messages,
        retryKeyFor(batch.id),
      );
    }
    return this.deps.delivery.push(deliveries[0]!.customerId, messages, retryKeyFor(deliveries[0]!.key));
  }

  /** Logs the batch's outcomes, runs the hooks, gives back quota refusals, records the batch finished. */
  private async finish(batch: Batch, run: FanOutRun, report: FanOutReport): Promise<void> {
    const { records, clock } = this.deps;
    const sentAt = clock.now();
    const logged: SendResult[] = [];
    const refused: Delivery[] = [];
    const held: Delivery[] = [];
    const unreachable: string[] = [];
    let unconfirmed = 0;
    for (const { delivery, outcome } of batch.results) {
      const base = { delivery, via: batch.via, at: batch.at, sentAt };
      if (outcome.status === 'sent') logged.push({ ...base, status: 'sent', requestId: outcome.requestId });
      else if (outcome.status === 'unreachable') {
        logged.push({ ...base, status: 'failed' });
        unreachable.push(delivery.customerId);
      } else if (outcome.status === 'quota-exhausted') refused.push(delivery);
      else if (outcome.status === 'held') held.push(delivery);
      else if (outcome.definitive) logged.push({ ...base, status: 'failed' });
      else unconfirmed++;
      if (outcome.status === 'failed' && !report.errors.some((e) => e.code === outcome.error.code))
        report.errors.push(outcome.error);
    }
    await records.logResults(logged);
    await records.markUnreachable(unreachable);
    await records.release(batch.resumed ? refused : [...refused, ...held]);
    const sent = logged.filter((result) => result.status === 'sent');
    report.sent += sent.length;
    report.unreachable += unreachable.length;
    report.rejected += logged.length - sent.length - unreachable.length;
    report.quotaRefused.push(...refused);
    report.unconfirmed += unconfirmed;
    report.held += held.length;
    if (run.onSent) for (const result of sent) await run.onSent(result.delivery);
    if (unconfirmed === 0 && !(batch.resumed && held.length > 0))
      await records.finishBatch(batch, batch.results.length, sent.length, clock.now());
  }

  private newBatch(run: FanOutRun, deliveries: Delivery[]): Batch {
    const id = `${run.runKey}:${this.instance}:${++this.sequence}`;
    const at = this.deps.clock.now();
    return {
      id,
      runKey: run.runKey,
      kind: run.kind,
      via: run.via,
      deliveries,
      at,
      next: 0,
      pending: 0,
      results: [],
      resumed: false,
    };
  }
}

function toDelivery(entry: SendLedgerEntry): Delivery {
  return {
    key: entry._id,
    customerId: entry.customerId,
    kind: entry.kind,
    period: entry.period,
    ...(entry.ref !== undefined ? { ref: entry.ref } : {}),
    ...(entry.data !== undefined ? { data: entry.data } : {}),
    messages: entry.messages as unknown as LineMessage[],
  };
}

function emptyReport(): FanOutReport {
  return {
    claimed: 0,
    sent: 0,
    taken: 0,
    unreachable: 0,
    rejected: 0,
    quotaRefused: [],
    uncertain: [],
    unconfirmed: 0,
    held: 0,
    stopped: false,
    errors: [],
  };
}
