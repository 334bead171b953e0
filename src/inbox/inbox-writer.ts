import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { InboxEvent, InboxEventModel } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { WebhookEventEnvelope } from '../line/webhook-events.js';
import { refusedInserts } from '../db/bulk-write.js';

const MAX_BATCH = 500;
const RATE_BUCKET_MS = 250;

interface PendingStore {
  docs: InboxEvent[];
  resolve: (stored: InboxEvent[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Stores webhook events in the inbox before the webhook is acknowledged. Concurrent requests are
 * written together (one insertMany while the previous one is in flight — a group commit), which keeps
 * acknowledgement fast under load. A duplicate `webhookEventId` is already stored: not an error, and
 * not returned as new.
 */
export class InboxWriter {
  private queue: PendingStore[] = [];
  private flushing = false;
  /** Arrivals in the current and the previous quarter second, for recentRate(). */
  private rateWindow = { bucket: 0, current: 0, previous: 0 };

  constructor(private readonly deps: { InboxEvent: InboxEventModel; clock: Clock; log: Logger }) {}

  /**
   * Webhook events arriving per second, estimated from the current and the previous quarter second,
   * so a burst is noticed within a few dozen events.
   */
  recentRate(): number {
    this.countArrivals(0);
    return Math.max(this.rateWindow.previous, this.rateWindow.current) * (1000 / RATE_BUCKET_MS);
  }

  private countArrivals(count: number): void {
    const bucket = Math.floor(performance.now() / RATE_BUCKET_MS);
    if (bucket !== this.rateWindow.bucket) {
      const previous = bucket === this.rateWindow.bucket + 1 ? this.rateWindow.current : 0;
      this.rateWindow = { bucket, current: 0, previous };
    }
    this.rateWindow.current += count;
  }

  /** Resolves with the events that were new, once they are durably stored. */
  store(events: WebhookEventEnvelope[]): Promise<InboxEvent[]> {
    this.countArrivals(events.length);
    const receivedAt = this.deps.clock.now();
    const docs = events.map((event) => toInboxEvent(event, receivedAt));
    return new Promise((resolve, reject) => {
      this.queue.push({ docs, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: PendingStore[] = [];
      let size = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || size + this.queue[0]!.docs.length <= MAX_BATCH)
      ) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.docs.length;
      }
      await this.write(batch);
    }
    this.flushing = false;
  }

  private async write(batch: PendingStore[]): Promise<void> {
    const docs = batch.flatMap((pending) => pending.docs);
    let refused: Map<number, boolean>;
    try {
      await this.deps.InboxEvent.insertMany(docs, { ordered: false, lean: true });
      refused = new Map();
    } catch (error) {
      const refusals = refusedInserts(error);
      if (!refusals) {
        this.deps.log.error({ err: error, events: docs.length }, 'inbox write failed');
        const failure = new JorenError(
          ErrorCode.InboxUnavailable,
          'The inbox could not store the events.',
          {},
          { cause: error },
        );
        for (const pending of batch) pending.reject(failure);
        return;
      }
      // index -> true when refused as a duplicate (already stored), false when refused for another reason
      refused = new Map(refusals.map((r) => [r.index, r.duplicate]));
    }

    let offset = 0;
    for (const pending of batch) {
      const indexes = pending.docs.map((_, i) => offset + i);
      offset += pending.docs.length;
      if (indexes.some((i) => refused.get(i) === false)) {
        pending.reject(new JorenError(ErrorCode.InboxUnavailable, 'An event could not be stored.'));
        continue;
      }
      pending.resolve(pending.docs.filter((_, i) => !refused.has(indexes[i]!)));
    }
  }
}

function toInboxEvent(event: WebhookEventEnvelope, receivedAt: Date): InboxEvent {
  const source = event.source;
  return {
    _id: event.webhookEventId,
    type: event.type,
    sourceType: source?.type ?? 'none',
    ...(source?.userId ? { userId: source.userId } : {}),
    eventAt: new Date(event.timestamp),
    receivedAt,
    redelivery: event.deliveryContext.isRedelivery,
    payload: event,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: receivedAt,
  };
}
