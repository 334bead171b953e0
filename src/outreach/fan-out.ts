import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SendLedgerEntry } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import { retryKeyFor } from '../line/retry-key.js';
import type { Logger } from '../log.js';
import type { LedgerRef } from './audience.js';
import { emptyReport, type FanOutReport } from './fan-out-report.js';
import type { DeliveryOutcome, LineDelivery } from './line-delivery.js';
import type { Delivery, OutreachRecords, SendResult } from './outreach-records.js';
import { runSendPipeline, type Batch } from './send-pipeline.js';
import type { TouchpointKind } from './touchpoints.js';

export type { Delivery } from './outreach-records.js';
export type { FanOutReport } from './fan-out-report.js';

/** A delivery before its messages are composed (composing waits for the batch, to keep memory flat). */
export type PlannedDelivery = Omit<Delivery, 'messages'>;

/**
 * A run's deliveries, taken a batch at a time as they are decided (the audience may still be being
 * read); the fan-out pulls with `next()`, so a run that stops early leaves the rest to be counted.
 */
export type PlannedDeliveries = AsyncIterator<PlannedDelivery>;

export interface FanOutRun {
  /** The job run (resumed batches keep the run that claimed them). */
  runKey: string;
  kind: TouchpointKind;
  /** Personalised messages go by push; one message for everyone by multicast (≤ 500 a call). */
  via: 'push' | 'multicast';
  planned: PlannedDeliveries;
  /** The messages of one delivery; null when there is nothing to send any more. */
  compose: (planned: PlannedDelivery) => Promise<LineMessage[] | null>;
  onNothingToSend?: (planned: PlannedDelivery) => void;
  /** Checked before each batch and each send; true stops the run (quiet hours began) and holds the rest. */
  shouldStop?: () => boolean;
  /** Runs after the conversation log has a message LINE accepted (e.g. mark the survey as sent). */
  onSent?: (delivery: Delivery) => Promise<void>;
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

/**
 * The fan-out engine. For each batch it stores the composed messages and claims the send ledger (two
 * inserts), then sends — pushes in parallel under the process's rate limiter, or one multicast per
 * batch — each with the X-Line-Retry-Key of its ledger entry (or of the batch, for a multicast), then
 * logs the batch's messages in the conversation log (one insertMany) and marks the batch done. Killed
 * at any point, a rerun resumes the unfinished batches with the same retry keys: LINE answers 409 for
 * what it already accepted, so no customer gets a message twice and none is forgotten.
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

  /** Composes, claims and sends new deliveries, a batch at a time. */
  async run(run: FanOutRun): Promise<FanOutReport> {
    const report = emptyReport();
    const size = run.via === 'multicast' ? Math.min(500, this.options.batchSize) : this.options.batchSize;
    let exhausted = false;
    const nextBatch = async (): Promise<Batch | undefined> => {
      while (!exhausted) {
        const chunk: PlannedDelivery[] = [];
        while (chunk.length < size) {
          const next = await run.planned.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          chunk.push(next.value);
        }
        const deliveries: Delivery[] = [];
        for (const planned of chunk) {
          const messages = await run.compose(planned);
          if (messages && messages.length > 0) deliveries.push({ ...planned, messages });
          else run.onNothingToSend?.(planned);
        }
        const batch = this.newBatch(run, deliveries);
        const claimed = await this.deps.records.claim(deliveries, batch, batch.at);
        report.taken += deliveries.length - claimed.length;
        report.claimed += claimed.length;
        if (claimed.length > 0) return { ...batch, deliveries: claimed, pending: claimed.length };
      }
      return undefined;
    };
    await this.pipeline(run, report, nextBatch);
    return report;
  }

  /**
   * Of these ledger entries, the ones a crash or a LINE outage left unsent: their batch is not done
   * and the conversation log has no outcome for them. Batches whose every entry has an outcome are
   * marked done on the way. One indexed read per batch and per open entry.
   */
  async openEntries(entries: readonly LedgerRef[]): Promise<string[]> {
    const { records, clock } = this.deps;
    const unfinished = await records.unfinishedBatches([...new Set(entries.map((e) => e.batchId))]);
    if (unfinished.size === 0) return [];
    const open = entries.filter((entry) => unfinished.has(entry.batchId));
    const missing = new Set(await records.withoutOutcome(open.map((entry) => entry._id)));
    for (const batchId of unfinished) {
      const members = open.filter((entry) => entry.batchId === batchId);
      if (!members.some((entry) => missing.has(entry._id)))
        await records.finishBatch(batchId, 0, clock.now());
    }
    return [...missing];
  }

  /**
   * Sends the open entries again, with their stored messages and the same retry keys (LINE answers
   * 409 for what it had accepted). Entries older than the retry key's life are not resent: reported
   * uncertain, for staff to check.
   */
  async resume(
    run: Pick<FanOutRun, 'runKey' | 'kind' | 'shouldStop' | 'onSent'>,
    entries: SendLedgerEntry[],
  ): Promise<FanOutReport> {
    const report = emptyReport();
    if (entries.length === 0) return report;
    const now = this.deps.clock.now();
    const stored = await this.deps.records.messagesOf(entries);
    const byBatch = new Map<string, SendLedgerEntry[]>();
    for (const entry of entries) {
      const members = byBatch.get(entry.batchId);
      if (members) members.push(entry);
      else byBatch.set(entry.batchId, [entry]);
    }
    const batches: Batch[] = [];
    for (const [id, members] of byBatch) {
      const first = members[0]!;
      const deliveries = members.map((entry) => toDelivery(entry, stored.get(entry._id) ?? []));
      const stale = now.getTime() - first.at.getTime() > RETRY_KEY_LIFE_MS;
      if (stale || deliveries.some((d) => d.messages.length === 0)) {
        report.uncertain.push(...deliveries);
        await this.deps.records.finishBatch(id, 0, now);
        continue;
      }
      const { runKey, kind, via, at } = first;
      batches.push({
        id,
        runKey,
        kind,
        via,
        at,
        deliveries,
        resumed: true,
        next: 0,
        pending: deliveries.length,
        results: [],
      });
    }
    if (batches.length > 0) {
      this.deps.log.info(
        { batches: batches.length, entries: entries.length, kind: run.kind },
        'resuming unfinished outreach batches',
      );
    }
    await this.pipeline({ ...run, via: 'push' }, report, () => Promise.resolve(batches.shift()));
    return report;
  }

  private async pipeline(
    run: Pick<FanOutRun, 'via' | 'shouldStop' | 'onSent'>,
    report: FanOutReport,
    nextBatch: () => Promise<Batch | undefined>,
  ): Promise<void> {
    const { stopped } = await runSendPipeline({
      nextBatch,
      send: (batch, deliveries) => this.send(batch, deliveries),
      finish: (batch) => this.finish(batch, run, report),
      ...(run.shouldStop ? { shouldStop: run.shouldStop } : {}),
      concurrency: run.via === 'multicast' ? this.options.multicastConcurrency : this.options.pushConcurrency,
    });
    if (stopped) report.stopped = true;
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

  /** Logs the batch's outcomes, runs the hooks, gives back what did not go, marks the batch done. */
  private async finish(batch: Batch, run: Pick<FanOutRun, 'onSent'>, report: FanOutReport): Promise<void> {
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
      if (outcome.status === 'failed' && !report.errors.some((e) => e.code === outcome.error.code)) {
        report.errors.push(outcome.error);
      }
    }
    await records.logResults(logged);
    await records.markUnreachable(unreachable);
    // A held resumed entry keeps its claim: an earlier attempt may have been accepted.
    await records.release(batch.resumed ? refused : [...refused, ...held]);
    const sent = logged.filter((result) => result.status === 'sent');
    report.sent += sent.length;
    report.unreachable += unreachable.length;
    report.rejected += logged.length - sent.length - unreachable.length;
    report.quotaRefused.push(...refused);
    report.unconfirmed += unconfirmed;
    report.held += held.length;
    if (run.onSent) for (const result of sent) await run.onSent(result.delivery);
    if (unconfirmed === 0 && !(batch.resumed && held.length > 0)) {
      await records.finishBatch(batch.id, sent.length, clock.now());
    }
  }

  private newBatch(run: Pick<FanOutRun, 'runKey' | 'kind' | 'via'>, deliveries: Delivery[]): Batch {
    const id = `${run.runKey}:${this.instance}:${++this.sequence}`;
    const { runKey, kind, via } = run;
    return {
      id,
      runKey,
      kind,
      via,
      deliveries,
      at: this.deps.clock.now(),
      resumed: false,
      next: 0,
      pending: 0,
      results: [],
    };
  }
}

function toDelivery(entry: SendLedgerEntry, messages: LineMessage[]): Delivery {
  return {
    key: entry._id,
    customerId: entry.customerId,
    kind: entry.kind,
    period: entry.period,
    ...(entry.ref !== undefined ? { ref: entry.ref } : {}),
    ...(entry.data !== undefined ? { data: entry.data } : {}),
    messages,
  };
}
