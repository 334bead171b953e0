import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { OpenBatch } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import { retryKeyFor } from '../line/retry-key.js';
import type { Logger } from '../log.js';
import { ClaimedBatches } from './claimed-batches.js';
import { emptyReport, type FanOutReport } from './fan-out-report.js';
import type { DeliveryOutcome, LineDelivery } from './line-delivery.js';
import type { Delivery, OutreachRecords, SendResult } from './outreach-records.js';
import { runSendPipeline, type Batch } from './send-pipeline.js';
import type { TouchpointKind } from '../db/models/index.js';

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
  /** Runs once every planned delivery is claimed (not when the run stopped first). */
  onPlanned?: () => Promise<void>;
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

const defaultFanOutOptions: FanOutOptions = {
  batchSize: 500,
  pushConcurrency: 96,
  multicastConcurrency: 4,
};

/** Claimed batches kept in memory for the workers; beyond these they are read back when due. */
const KEPT_IN_MEMORY = 4;

/** LINE remembers an X-Line-Retry-Key for 24 hours; past that a resend could deliver twice. */
const RETRY_KEY_LIFE_MS = 23 * 3_600_000;

/**
 * The fan-out engine. A planner composes the run's deliveries a batch at a time and claims each
 * batch — its messages stored, an open-batch record, its send-ledger entries, the claim noted — as
 * fast as the audience is read, while the workers send the claimed batches in order — pushes in
 * parallel under the process's rate limiter, or one multicast per batch — each with the
 * X-Line-Retry-Key of its ledger entry (or of the batch, for a multicast), log each batch's messages
 * in the conversation log (one insertMany) and close it. Claimed batches wait in memory only while a
 * few do; the rest are read back when their turn comes. Killed at any point, a rerun resumes the open
 * batches with the same retry keys: LINE answers 409 for what it already accepted, so no customer
 * gets a message twice and none is forgotten; a run that had planned everyone is not read again.
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
    const { records } = this.deps;
    const size = run.via === 'multicast' ? Math.min(500, this.options.batchSize) : this.options.batchSize;
    const claimed = new ClaimedBatches(KEPT_IN_MEMORY);
    let halted = false;
    const planner = (async () => {
      let exhausted = false;
      while (!exhausted && !halted && !(run.shouldStop?.() ?? false)) {
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
        if (deliveries.length === 0) continue;
        const batch = this.newBatch(run, deliveries);
        const { claimed: mine, taken } = await records.claim(deliveries, batch, batch.at);
        report.taken += taken.length;
        report.claimed += mine.length;
        if (mine.length > 0) claimed.push({ ...batch, deliveries: mine, pending: mine.length }, taken);
        else await records.finishBatch(batch.id); // all of it was someone else's: nothing to send
      }
      if (exhausted && !halted && report.held === 0 && report.quotaRefused.length === 0) {
        await run.onPlanned?.();
      }
    })().then(
      () => claimed.close(),
      (error: unknown) => claimed.fail(error),
    );
    const next = async (): Promise<Batch | undefined> => {
      for (;;) {
        const waiting = await claimed.next();
        if (!waiting || 'deliveries' in waiting) return waiting;
        const deliveries = await records.loadBatch({
          _id: waiting.id,
          kind: waiting.kind,
          taken: waiting.taken,
        });
        if (deliveries && deliveries.length > 0)
          return { ...waiting, deliveries, pending: deliveries.length };
        await records.finishBatch(waiting.id); // everyone in it was forgotten meanwhile
      }
    };
    let ended: { stopped: boolean; quotaHit: boolean };
    try {
      ended = await this.pipeline(run, report, next);
    } finally {
      halted = true; // the planner stops at its next batch; failed or not, none is left running
      await planner;
    }
    if (ended.stopped || ended.quotaHit) {
      // Stopped (quiet hours) or refused (the monthly limit): what the planner claimed that did not
      // go is given back like the rest of the last batches.
      const status = ended.quotaHit ? ('quota-exhausted' as const) : ('held' as const);
      for (let batch = await next(); batch; batch = await next()) {
        batch.results = batch.deliveries.map((delivery) => ({ delivery, outcome: { status } }));
        await this.finish(batch, run, report);
      }
      // The planner may have finished planning before the stop: a rerun must decide afresh.
      await records.unmarkPlanned(run.runKey);
    }
    return report;
  }

  /** The open batches of a kind, as a run finds them before it starts its own. */
  openBatches(kind: TouchpointKind): Promise<OpenBatch[]> {
    return this.deps.records.openBatches(kind);
  }

  /** Whether a run planned everyone already (a rerun then only finishes its open batches). */
  isPlanned(runKey: string): Promise<boolean> {
    return this.deps.records.isPlanned(runKey);
  }

  /** Records that a run planned everyone and claimed all it chose. */
  markPlanned(runKey: string, kind: TouchpointKind): Promise<void> {
    return this.deps.records.markPlanned(runKey, kind, this.deps.clock.now());
  }

  /**
   * Sends open batches an earlier run left (a crash, a LINE outage) with their stored messages and
   * the same retry keys (LINE answers 409 for what it had accepted). Batches older than the retry
   * key's life are not resent: reported uncertain, for staff to check.
   */
  async resume(
    run: Pick<FanOutRun, 'runKey' | 'kind' | 'shouldStop' | 'onSent'>,
    open: OpenBatch[],
  ): Promise<FanOutReport> {
    const report = emptyReport();
    if (open.length === 0) return report;
    const { records, clock } = this.deps;
    this.deps.log.info({ batches: open.length, kind: run.kind }, 'resuming unfinished outreach batches');
    // Batches that never began first: they can go at once (claimed again first, in one write, when
    // their claim was not recorded), while those that had begun (a crash cut their sends) wait for a
    // look at which of theirs went.
    const queue = [...open.filter((entry) => !entry.startedAt), ...open.filter((entry) => entry.startedAt)];
    const next = async (): Promise<Batch | undefined> => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) {
        let deliveries = (await records.loadBatch(entry)) ?? [];
        const stale = clock.now().getTime() - entry.at.getTime() > RETRY_KEY_LIFE_MS;
        if (stale || deliveries.some((d) => d.messages.length === 0)) {
          report.uncertain.push(...deliveries);
          await records.finishBatch(entry._id);
          continue;
        }
        if (entry.startedAt) {
          const open = new Set(await records.withoutOutcome(deliveries.map((d) => d.key)));
          deliveries = deliveries.filter((d) => open.has(d.key));
        } else if (!entry.claimedAt) await records.reclaim(deliveries, entry);
        if (deliveries.length === 0) {
          await records.finishBatch(entry._id);
          continue;
        }
        const { runKey, kind, via, at } = entry;
        return {
          id: entry._id,
          runKey,
          kind: kind as TouchpointKind,
          via,
          at,
          deliveries,
          resumed: true,
          next: 0,
          pending: deliveries.length,
          results: [],
          ...(entry.startedAt ? { startedAt: entry.startedAt } : {}),
        };
      }
      return undefined;
    };
    await this.pipeline({ ...run, via: 'push' }, report, next);
    return report;
  }

  private async pipeline(
    run: Pick<FanOutRun, 'via' | 'shouldStop' | 'onSent'>,
    report: FanOutReport,
    nextBatch: () => Promise<Batch | undefined>,
  ): Promise<{ stopped: boolean; quotaHit: boolean }> {
    const ended = await runSendPipeline({
      nextBatch,
      beforeSending: (batch) => this.deps.records.markStarted(batch.id, this.deps.clock.now()),
      send: (batch, deliveries) => this.send(batch, deliveries),
      finish: (batch) => this.finish(batch, run, report),
      ...(run.shouldStop ? { shouldStop: run.shouldStop } : {}),
      concurrency: run.via === 'multicast' ? this.options.multicastConcurrency : this.options.pushConcurrency,
    });
    if (ended.stopped) report.stopped = true;
    return ended;
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
    const released = batch.resumed ? refused : [...refused, ...held];
    if (released.length > 0) {
      // Those given back are not sent: a rerun of the run must decide about them afresh.
      await records.unmarkPlanned(batch.runKey);
      await records.release(batch.id, released);
    }
    const sent = logged.filter((result) => result.status === 'sent');
    report.sent += sent.length;
    report.unreachable += unreachable.length;
    report.rejected += logged.length - sent.length - unreachable.length;
    report.quotaRefused.push(...refused);
    report.unconfirmed += unconfirmed;
    report.held += held.length;
    if (run.onSent) for (const result of sent) await run.onSent(result.delivery);
    if (unconfirmed === 0 && !(batch.resumed && held.length > 0)) await records.finishBatch(batch.id);
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
