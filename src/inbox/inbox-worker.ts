import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { JorenError } from '../errors.js';
import { pruneLeaseEnds, releaseLease, takeLease } from '../db/lease.js';
import type { InboxEvent, Models } from '../db/models/index.js';
import type { Logger } from '../log.js';

export interface InboxWorkerOptions {
  /** Customers whose events are processed at the same time. */
  concurrency: number;
  /** How long a claim on a customer's events lasts before another worker may take over. */
  leaseMs: number;
  /** Failed attempts before an event is parked for staff. */
  maxAttempts: number;
  /** How often stored events are looked for (crash recovery, other instances' leftovers, retries). */
  sweepIntervalMs: number;
  /** Delay before attempt n + 1 after n failures. */
  backoffMs: (failures: number) => number;
  /** Processed events are kept this long (redeliveries within it are still recognised), then removed. */
  retentionMs: number;
  /**
   * Webhook arrivals per second above which acknowledging comes first: the worker defers new events
   * (they are safe in the inbox) until the burst ends or the oldest has waited `maxDeferMs`, then
   * handles one customer at a time with `busyPauseMs` between events.
   */
  busyRate: number;
  maxDeferMs: number;
  busyPauseMs: number;
  /**
   * How long a customer's first waiting event is held before processing starts. LINE sends each
   * event in its own request when it has several at once (a follow and a first message), and those
   * requests can be stored out of order; holding a moment lets the earlier one arrive, so the events
   * are processed in the order LINE stamped them. Replies stay well within LINE's reply-token time.
   */
  reorderWindowMs: number;
}

/** How soon to look again at a customer whose events another instance is processing. */
const LEASE_BUSY_RETRY_MS = 500;

export const defaultInboxWorkerOptions: InboxWorkerOptions = {
  concurrency: 4,
  leaseMs: 120_000,
  maxAttempts: 8,
  sweepIntervalMs: 30_000,
  backoffMs: (failures) => Math.min(30 * 60_000, 2_000 * 3 ** (failures - 1)),
  retentionMs: 7 * 24 * 3_600_000,
  busyRate: 200,
  maxDeferMs: 20_000,
  busyPauseMs: 5,
  reorderWindowMs: 250,
};

export interface InboxWorkerDeps {
  models: Pick<Models, 'InboxEvent' | 'Lease' | 'LeaseEnd'>;
  process: (event: InboxEvent) => Promise<unknown>;
  clock: Clock;
  log: Logger;
  /** Told when an event is parked, so staff can look at it. */
  onParked?: (event: InboxEvent, error: { code: string; message: string }) => void;
  /** Webhook events arriving per second (the inbox writer's count). */
  arrivalRate?: () => number;
}

/**
 * Processes stored webhook events. Events of one customer are processed one at a time, under a lease
 * in MongoDB, so two workers (two processes) never handle one customer's events at once and never
 * one event twice; within a process they go in the order LINE stamped them. Failures are retried with
 * backoff and parked after maxAttempts. Events this process stored arrive through notify(); a
 * periodic sweep finds the rest (crash leftovers, other instances' events).
 */
export class InboxWorker {
  private readonly options: InboxWorkerOptions;
  private readonly owner = `inbox-${randomUUID()}`;
  /** Events waiting, per customer (or per event when there is no customer). */
  private readonly waiting = new Map<string, InboxEvent[]>();
  /** When (monotonic ms) each waiting customer's events may start: see `reorderWindowMs`. */
  private readonly heldUntil = new Map<string, number>();
  private readonly active = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;
  private pumpDueAt = 0;
  private lastPruneAt = 0;
  private running = false;

  constructor(
    private readonly deps: InboxWorkerDeps,
    options: Partial<InboxWorkerOptions> = {},
  ) {
    this.options = { ...defaultInboxWorkerOptions, ...options };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      // During a webhook burst the fast path already has every new event; the sweep (a scan of the
      // inbox on FerretDB) waits for calm so acknowledgements keep their latency.
      void (this.busy ? Promise.resolve() : this.sweep()).finally(() => {
        if (this.running) this.sweepTimer = setTimeout(loop, this.options.sweepIntervalMs);
      });
    };
    loop();
  }

  /** Hands over events just stored by this process. */
  notify(events: InboxEvent[]): void {
    for (const event of events) this.enqueue(event);
    this.pump();
  }

  /** Stops taking work and waits for what is being processed to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    this.heldUntil.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Looks for due events now and processes until nothing due is left (tests, time travel). */
  async drain(): Promise<void> {
    do {
      await this.sweep();
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    } while (this.waiting.size > 0);
  }

  private async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    try {
      // No sort: both the {status, nextAttemptAt} index (MongoDB) and insertion order (FerretDB,
      // which scans) yield the oldest first, and a sort would make FerretDB read the whole inbox.
      const due = await this.deps.models.InboxEvent.find({
        status: { $in: ['pending', 'processing'] },
        nextAttemptAt: { $lte: now },
      })
        .limit(200)
        .lean();
      for (const event of due) this.enqueue(event);
      this.pump();
      await this.pruneOld(now);
    } catch (error) {
      this.deps.log.error({ err: error }, 'inbox sweep failed');
    }
  }

  private async pruneOld(now: Date): Promise<void> {
    if (now.getTime() - this.lastPruneAt < 3_600_000) return;
    this.lastPruneAt = now.getTime();
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    const { deletedCount } = await this.deps.models.InboxEvent.deleteMany({
      status: 'done',
      receivedAt: { $lt: cutoff },
    });
    if (deletedCount > 0) this.deps.log.info({ deletedCount }, 'old processed webhook events removed');
    await pruneLeaseEnds(this.deps.models, new Date(now.getTime() - 24 * 3_600_000));
  }

  private enqueue(event: InboxEvent): void {
    if (!this.running) return;
    const key = event.userId ?? `event:${event._id}`;
    const queue = this.waiting.get(key) ?? [];
    if (!this.waiting.has(key) && !this.active.has(key)) {
      this.heldUntil.set(key, performance.now() + this.options.reorderWindowMs);
    }
    if (queue.some((queued) => queued._id === event._id)) return;
    queue.push(event);
    queue.sort((a, b) => a.eventAt.getTime() - b.eventAt.getTime());
    this.waiting.set(key, queue);
  }

  private get busy(): boolean {
    return (this.deps.arrivalRate?.() ?? 0) > this.options.busyRate;
  }

  /** How many customers may be worked on now. */
  private allowance(): number {
    if (!this.busy) return this.options.concurrency;
    const now = this.deps.clock.now().getTime();
    const overdue = [...this.waiting.values()].some((queue) => {
      const oldest = queue[0];
      return oldest !== undefined && now - oldest.receivedAt.getTime() > this.options.maxDeferMs;
    });
    return overdue ? 1 : 0;
  }

  private pump(): void {
    const allowance = this.allowance();
    if (allowance === 0 && this.waiting.size > 0) this.pumpLater();
    const now = performance.now();
    let heldFor = Infinity;
    for (const key of this.waiting.keys()) {
      if (this.active.size >= allowance) break;
      if (this.active.has(key)) continue;
      const until = this.heldUntil.get(key) ?? 0;
      if (until > now) {
        heldFor = Math.min(heldFor, until - now);
        continue;
      }
      this.heldUntil.delete(key);
      this.active.add(key);
      const run = this.runCustomer(key).finally(() => {
        this.active.delete(key);
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
    if (heldFor < Infinity) this.pumpLater(Math.ceil(heldFor));
  }

  /** Looks again in a moment (the burst may be over, an event overdue, a hold over). */
  private pumpLater(delayMs = 250): void {
    if (!this.running) return;
    if (this.pumpTimer) {
      if (this.pumpDueAt <= performance.now() + delayMs) return;
      clearTimeout(this.pumpTimer);
    }
    this.pumpDueAt = performance.now() + delayMs;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = undefined;
      this.pump();
    }, delayMs);
    this.pumpTimer.unref();
  }

  /** Takes the customer's lease and works through their waiting events in order. */
  private async runCustomer(key: string): Promise<void> {
    const { models, clock } = this.deps;
    try {
      const lease = await takeLease(models, `inbox:${key}`, this.owner, clock.now(), this.options.leaseMs);
      if (!lease) {
        // Another instance is on this customer: come back to these events once it is likely done.
        const events = this.waiting.get(key) ?? [];
        this.waiting.delete(key);
        for (const event of events)
          this.retryAt({ ...event, nextAttemptAt: new Date(clock.now().getTime() + LEASE_BUSY_RETRY_MS) });
        return;
      }
      try {
        if (!key.startsWith('event:')) {
          // This customer's events that another instance stored (or a crash left) join the queue, so
          // they are processed in the order LINE stamped them. (A scan on FerretDB; indexed on MongoDB.)
          const stored = await models.InboxEvent.find({
            userId: key,
            status: { $in: ['pending', 'processing'] },
          }).lean();
          for (const event of stored) this.enqueue(event);
        }
        for (let event = this.waiting.get(key)?.shift(); event; event = this.waiting.get(key)?.shift()) {
          if (!this.running) break;
          await this.processOne(event._id);
          if (this.busy) {
            if (this.allowance() === 0) break;
            await new Promise((resolve) => setTimeout(resolve, this.options.busyPauseMs));
          }
        }
      } finally {
        await releaseLease(models, lease, clock.now());
      }
    } catch (error) {
      this.deps.log.error({ err: error, key }, 'inbox worker failed');
    } finally {
      if (this.waiting.get(key)?.length === 0) this.waiting.delete(key);
    }
  }

  private async processOne(eventId: string): Promise<void> {
    const { InboxEvent } = this.deps.models;
    const event = await InboxEvent.findById(eventId).lean();
    const now = this.deps.clock.now();
    if (!event || event.status === 'done' || event.status === 'parked') return;
    if (event.status === 'pending' && event.nextAttemptAt > now) return this.retryAt(event);

    const attempts = event.attempts + 1;
    await InboxEvent.updateOne(
      { _id: eventId },
      {
        $set: {
          status: 'processing',
          attempts,
          nextAttemptAt: new Date(now.getTime() + this.options.leaseMs),
        },
      },
    );
    try {
      await this.deps.process(event);
      await InboxEvent.updateOne(
        { _id: eventId },
        { $set: { status: 'done', processedAt: this.deps.clock.now() }, $unset: { lastError: 1 } },
      );
    } catch (error) {
      await this.recordFailure(event, attempts, error);
    }
  }

  private async recordFailure(event: InboxEvent, attempts: number, error: unknown): Promise<void> {
    const now = this.deps.clock.now();
    // Only Joren's own messages are stored: a library's message may quote a customer's words.
    const lastError = {
      code: error instanceof JorenError ? error.code : 'EVENT_HANDLER_FAILED',
      message:
        error instanceof JorenError ? error.message : error instanceof Error ? error.name : 'unknown error',
      at: now,
    };
    const context = { eventId: event._id, type: event.type, attempts, code: lastError.code };
    if (attempts >= this.options.maxAttempts) {
      await this.deps.models.InboxEvent.updateOne(
        { _id: event._id },
        { $set: { status: 'parked', parkedAt: now, lastError } },
      );
      this.deps.log.error({ ...context, err: error }, 'webhook event parked after repeated failures');
      this.deps.onParked?.(event, lastError);
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + this.options.backoffMs(attempts));
    await this.deps.models.InboxEvent.updateOne(
      { _id: event._id },
      { $set: { status: 'pending', nextAttemptAt, lastError } },
    );
    this.deps.log.warn(
      { ...context, err: error, retryAt: nextAttemptAt },
      'webhook event failed; will retry',
    );
    this.retryAt({ ...event, nextAttemptAt });
  }

  /** Comes back to an event when its backoff ends (the sweep would find it too). */
  private retryAt(event: InboxEvent): void {
    if (!this.running) return;
    const delay = Math.max(0, event.nextAttemptAt.getTime() - this.deps.clock.now().getTime());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.notify([event]);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
