import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { JorenError } from '../errors.js';
import type { InboxEvent, InboxPending, Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { CustomerLease } from './customer-lease.js';
import { InboxMaintenance } from './inbox-maintenance.js';

export interface InboxWorkerOptions {
  /** Customers whose events are processed at the same time. */
  concurrency: number;
  /** How long a claim on a customer's events lasts unless renewed (it is, every third of it). */
  leaseMs: number;
  /** Failed attempts before an event is parked for staff. */
  maxAttempts: number;
  /** How often waiting events are looked for (crash recovery, other instances' events, retries). */
  sweepIntervalMs: number;
  /** Delay before attempt n + 1 after n failures. */
  backoffMs: (failures: number) => number;
  /** Processed events are kept this long (redeliveries within it are still recognised), then removed. */
  retentionMs: number;
  /** How often old processed events are removed (a scan of the inbox on FerretDB, in chunks). */
  pruneIntervalMs: number;
  /**
   * How long a customer's first waiting event is held before processing starts. LINE sends each
   * event in its own request when it has several at once (a follow and a first message), and those
   * requests can be stored out of order, even by two instances; holding a moment, then reading the
   * waiting events again, lets the earlier one join, so events go in the order LINE stamped them.
   */
  reorderWindowMs: number;
  /** An event waiting longer than this means the machine is not keeping up: warned (once a minute). */
  backlogWarnMs: number;
}

/** How soon to look again at a customer whose events another instance is processing. */
const LEASE_BUSY_RETRY_MS = 500;
/** At most this many waiting events are read at once. */
const READ_LIMIT = 5_000;
/** Reads of the waiting events start at least this far apart (one read serves many customers). */
const READ_GAP_MS = 50;
const BACKLOG_WARN_EVERY_MS = 60_000;

export const defaultInboxWorkerOptions: InboxWorkerOptions = {
  concurrency: 8,
  leaseMs: 30_000,
  maxAttempts: 8,
  sweepIntervalMs: 30_000,
  backoffMs: (failures) => Math.min(30 * 60_000, 2_000 * 3 ** (failures - 1)),
  retentionMs: 7 * 24 * 3_600_000,
  pruneIntervalMs: 3_600_000,
  reorderWindowMs: 250,
  backlogWarnMs: 10_000,
};

export interface InboxWorkerDeps {
  models: Pick<Models, 'InboxEvent' | 'InboxPending' | 'Lease' | 'LeaseEnd'>;
  process: (event: InboxEvent) => Promise<unknown>;
  clock: Clock;
  log: Logger;
  /** Told when an event is parked, so staff can look at it. */
  onParked?: (event: InboxEvent, error: { code: string; message: string }) => void;
}

/** What waits to be processed in this process's view: for logs and metrics. */
export interface InboxBacklog {
  events: number;
  customers: number;
  /** How long the oldest waiting event has waited since it was stored (0 when none). */
  oldestAgeMs: number;
}

/**
 * Processes stored webhook events. It finds work in InboxPending (the copies of events not yet
 * done), never by a filter on the inbox, so its cost does not grow with the history. Events of one
 * customer are processed one at a time, in LINE's order, under a lease in MongoDB that is renewed
 * while their queue lasts, so two workers (two processes) never handle one customer's events at once
 * and never one event twice. Nothing is deferred under load: customers are served oldest first, as
 * fast as `concurrency` allows. Failures are retried with backoff and parked after maxAttempts.
 */
export class InboxWorker {
  private readonly options: InboxWorkerOptions;
  private readonly owner = `inbox-${randomUUID()}`;
  /** Events waiting, per customer (or per event when there is no customer), oldest customer first. */
  private readonly waiting = new Map<string, Map<string, WaitingEvent>>();
  /** When (monotonic ms) each waiting customer's hold ends: see `reorderWindowMs`. */
  private readonly heldUntil = new Map<string, number>();
  private readonly active = new Set<string>();
  /** When (monotonic ms) this process last stored an event of each waiting customer. */
  private readonly notifiedAt = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly maintenance: InboxMaintenance;
  /** When (monotonic ms) the last read of waiting events started; undefined while none has. */
  private lastReadAt = -Infinity;
  private lastReadEndedAt = -Infinity;
  private reading: Promise<void> | undefined;
  private sweeping: Promise<void> | undefined;
  private maintaining: Promise<void> | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;
  private pumpDueAt = 0;
  private lastBacklogWarnAt = -Infinity;
  private running = false;

  constructor(
    private readonly deps: InboxWorkerDeps,
    options: Partial<InboxWorkerOptions> = {},
  ) {
    this.options = { ...defaultInboxWorkerOptions, ...options };
    this.maintenance = new InboxMaintenance(deps, this.options);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      this.sweeping = this.sweep();
      void this.sweeping.finally(() => {
        if (this.running) this.sweepTimer = setTimeout(loop, this.options.sweepIntervalMs);
      });
    };
    loop();
  }

  /** Hands over events just stored by this process. */
  notify(events: WaitingEvent[]): void {
    const now = performance.now();
    for (const event of events) {
      this.enqueue(event, now + this.options.reorderWindowMs);
      this.notifiedAt.set(event.userId ?? `event:${event._id}`, now);
    }
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
    this.notifiedAt.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.reading;
  }

  /** Looks for due events now and processes until nothing due is left (tests, time travel). */
  async drain(): Promise<void> {
    await this.sweeping;
    do {
      await this.sweep();
      await this.maintaining;
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    } while (this.waiting.size > 0);
  }

  /** Waiting events this process knows of, and the age of the oldest (metrics read this). */
  inboxBacklog(): InboxBacklog {
    const now = this.deps.clock.now().getTime();
    let events = 0;
    let oldest = now;
    for (const queue of this.waiting.values()) {
      events += queue.size;
      for (const event of queue.values()) oldest = Math.min(oldest, event.receivedAt.getTime());
    }
    return { events, customers: this.waiting.size, oldestAgeMs: now - oldest };
  }

  private async sweep(): Promise<void> {
    try {
      await this.readWaiting();
    } catch (error) {
      this.deps.log.error({ err: error }, 'inbox sweep failed');
    }
    void this.maintain();
  }

  /**
   * The inbox's upkeep runs beside the sweeps, never in their way: its reads scan the inbox on
   * FerretDB (minutes with a million events), and the sweeps must keep finding retries and other
   * instances' events meanwhile. One run at a time; stop() does not wait for it (it is idempotent,
   * and a run cut off by the closing connection is simply done again after the next start).
   */
  private maintain(): Promise<void> {
    this.maintaining ??= this.maintenance
      .run(this.deps.clock.now())
      .catch((error: unknown) => {
        if (this.running) this.deps.log.error({ err: error }, 'inbox upkeep failed');
      })
      .finally(() => {
        this.maintaining = undefined;
      });
    return this.maintaining;
  }

  /**
   * Reads the due waiting events (one small collection, whatever the history) into the queues. One
   * read serves every customer whose hold ended before it started; concurrent callers share it.
   */
  private readWaiting(): Promise<void> {
    this.reading ??= (async () => {
      try {
        this.lastReadAt = performance.now();
        const due = await this.deps.models.InboxPending.find(
          { nextAttemptAt: { $lte: this.deps.clock.now() } },
          { userId: 1, eventAt: 1, receivedAt: 1, nextAttemptAt: 1 },
        )
          .limit(READ_LIMIT)
          .lean();
        for (const event of due) this.enqueue(event, 0);
      } catch (error) {
        this.deps.log.error({ err: error }, 'inbox read failed');
      } finally {
        this.reading = undefined;
        this.lastReadEndedAt = performance.now();
        this.pump();
      }
    })();
    return this.reading;
  }

  private enqueue(event: WaitingEvent, holdUntil: number): void {
    if (!this.running) return;
    const key = event.userId ?? `event:${event._id}`;
    let queue = this.waiting.get(key);
    if (!queue) {
      queue = new Map();
      this.waiting.set(key, queue);
      if (!this.active.has(key)) this.heldUntil.set(key, holdUntil);
    }
    if (!queue.has(event._id)) queue.set(event._id, waitingView(event));
  }

  private pump(): void {
    if (!this.running) return;
    const now = performance.now();
    let heldFor = Infinity;
    let needsRead = false;
    for (const key of this.waiting.keys()) {
      if (this.active.size >= this.options.concurrency) break;
      if (this.active.has(key)) continue;
      const until = this.heldUntil.get(key) ?? 0;
      if (until > now) {
        heldFor = Math.min(heldFor, until - now);
        continue;
      }
      if (until > this.lastReadAt) {
        // Read the waiting events once more before starting, so another request's (or instance's)
        // earlier event of this customer joins the queue first.
        needsRead = true;
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
    if (needsRead) {
      const gap = this.lastReadEndedAt + READ_GAP_MS - now;
      if (gap > 0) heldFor = Math.min(heldFor, gap);
      else void this.readWaiting();
    }
    if (heldFor < Infinity) this.pumpLater(Math.ceil(heldFor));
    this.warnIfBehind();
  }

  /** Says so when the machine is not keeping up (no personal data: counts and ages only). */
  private warnIfBehind(): void {
    const now = performance.now();
    if (now - this.lastBacklogWarnAt < BACKLOG_WARN_EVERY_MS || this.waiting.size === 0) return;
    const backlog = this.inboxBacklog();
    if (backlog.oldestAgeMs < this.options.backlogWarnMs) return;
    this.lastBacklogWarnAt = now;
    this.deps.log.warn(
      {
        backlogEvents: backlog.events,
        backlogCustomers: backlog.customers,
        oldestAgeMs: backlog.oldestAgeMs,
      },
      'inbox worker is behind: processing the oldest first',
    );
  }

  /** Looks again in a moment (a hold is over). */
  private pumpLater(delayMs: number): void {
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

  /** Takes the customer's lease and works through their waiting events in LINE's order. */
  private async runCustomer(key: string): Promise<void> {
    const { clock } = this.deps;
    try {
      const lease = await CustomerLease.take(this.deps, `inbox:${key}`, this.owner, this.options.leaseMs);
      if (!lease) {
        // Another instance is on this customer: come back to these events once it is likely done.
        this.later(key, new Date(clock.now().getTime() + LEASE_BUSY_RETRY_MS));
        return;
      }
      try {
        for (let event = await this.nextKnown(key); event; event = await this.nextKnown(key)) {
          if (!this.running || lease.lost) break;
          this.waiting.get(key)?.delete(event._id);
          const { _id } = event;
          lease.onRenewed = (until) =>
            this.deps.models.InboxPending.updateOne({ _id }, { $set: { claimedUntil: until } });
          const outcome = await this.processOne(event._id);
          if (outcome === 'claimed') {
            this.waiting.get(key)?.set(event._id, event);
            this.later(key, new Date(clock.now().getTime() + LEASE_BUSY_RETRY_MS));
            break;
          }
        }
        // Lost: whoever took over holds the customer for a lease's length; come back after it.
        if (lease.lost) this.later(key, new Date(clock.now().getTime() + this.options.leaseMs));
      } finally {
        await lease.release();
      }
    } catch (error) {
      this.deps.log.error({ err: error }, 'inbox worker failed');
    } finally {
      if (this.waiting.get(key)?.size === 0) this.waiting.delete(key);
      if (!this.waiting.has(key)) this.notifiedAt.delete(key);
    }
  }

  /**
   * The customer's earliest waiting event, once the waiting copies were read after this process last
   * stored one of theirs: an earlier event another instance stored meanwhile then goes first.
   */
  private async nextKnown(key: string): Promise<WaitingEvent | undefined> {
    while (this.running && (this.notifiedAt.get(key) ?? -Infinity) >= this.lastReadAt)
      await this.readWaiting();
    return this.next(key);
  }

  /** The customer's earliest waiting event. */
  private next(key: string): WaitingEvent | undefined {
    let earliest: WaitingEvent | undefined;
    for (const event of this.waiting.get(key)?.values() ?? []) {
      if (!earliest || event.eventAt < earliest.eventAt) earliest = event;
    }
    return earliest;
  }

  /** Hands a customer's waiting events back for later (the sweep would find them too). */
  private later(key: string, at: Date): void {
    const events = [...(this.waiting.get(key)?.values() ?? [])];
    this.waiting.delete(key);
    for (const event of events) this.retryAt({ ...event, nextAttemptAt: at });
  }

  /**
   * Processes one event under the customer's lease. Its waiting copy is read by _id: gone means done
   * elsewhere; a live claim by another worker (one that lost the lease mid-event) is left alone.
   */
  private async processOne(eventId: string): Promise<'done' | 'skipped' | 'claimed'> {
    const { InboxEvent, InboxPending } = this.deps.models;
    const event = await InboxPending.findById(eventId).lean();
    const now = this.deps.clock.now();
    if (!event) return 'skipped';
    if (event.claimedBy && event.claimedBy !== this.owner && event.claimedUntil && event.claimedUntil > now)
      return 'claimed';
    if (event.nextAttemptAt > now) {
      this.retryAt(event);
      return 'skipped';
    }
    if (event.recheck || event.attempts > 0) {
      // A retry or a redelivery: the inbox says whether a worker finished it before stopping.
      const stored = await InboxEvent.findById(eventId, { status: 1 }).lean();
      if (!stored || stored.status === 'done' || stored.status === 'parked') {
        await InboxPending.deleteOne({ _id: eventId });
        return 'skipped';
      }
    }

    const attempts = event.attempts + 1;
    await InboxPending.updateOne(
      { _id: eventId },
      {
        $set: {
          attempts,
          claimedBy: this.owner,
          claimedUntil: new Date(now.getTime() + this.options.leaseMs),
        },
      },
    );
    try {
      await this.deps.process(inboxView(event));
    } catch (error) {
      await this.recordFailure(event, attempts, error);
      return 'done';
    }
    await InboxEvent.updateOne(
      { _id: eventId },
      { $set: { status: 'done', attempts, processedAt: this.deps.clock.now() }, $unset: { lastError: 1 } },
    );
    await InboxPending.deleteOne({ _id: eventId });
    return 'done';
  }

  private async recordFailure(event: InboxPending, attempts: number, error: unknown): Promise<void> {
    const { InboxEvent, InboxPending } = this.deps.models;
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
      await InboxEvent.updateOne(
        { _id: event._id },
        { $set: { status: 'parked', attempts, parkedAt: now, lastError } },
      );
      await InboxPending.deleteOne({ _id: event._id });
      this.deps.log.error({ ...context, err: error }, 'webhook event parked after repeated failures');
      this.deps.onParked?.(inboxView(event), lastError);
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + this.options.backoffMs(attempts));
    await InboxEvent.updateOne({ _id: event._id }, { $set: { attempts, lastError } });
    await InboxPending.updateOne(
      { _id: event._id },
      { $set: { nextAttemptAt, lastError }, $unset: { claimedBy: 1, claimedUntil: 1 } },
    );
    this.deps.log.warn(
      { ...context, err: error, retryAt: nextAttemptAt },
      'webhook event failed; will retry',
    );
    this.retryAt({ ...event, nextAttemptAt });
  }

  /** Comes back to an event when its backoff ends (the sweep would find it too). */
  private retryAt(event: WaitingEvent): void {
    if (!this.running) return;
    const delay = Math.max(0, event.nextAttemptAt.getTime() - this.deps.clock.now().getTime());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(event, 0);
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

/** What the queue keeps of an event (the rest is read by _id when it is processed). */
type WaitingEvent = Pick<InboxPending, '_id' | 'userId' | 'eventAt' | 'receivedAt' | 'nextAttemptAt'>;

function waitingView(event: WaitingEvent): WaitingEvent {
  const { _id, userId, eventAt, receivedAt, nextAttemptAt } = event;
  return { _id, eventAt, receivedAt, nextAttemptAt, ...(userId ? { userId } : {}) };
}

/** The event as the processor sees it. */
function inboxView(event: InboxPending): InboxEvent {
  const { claimedBy: _by, claimedUntil: _until, recheck: _recheck, ...rest } = event;
  return { ...rest, status: 'pending' };
}
