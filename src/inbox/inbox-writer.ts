import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { InboxEvent, InboxPending, Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { WebhookEventEnvelope } from '../line/webhook-events.js';
import { refusedInserts } from '../db/bulk-write.js';

const MAX_BATCH = 500;

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
  constructor(
    private readonly deps: {
      models: Pick<Models, 'InboxEvent' | 'InboxPending'>;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /** Resolves with the events that were new, once they are durably stored. */
  store(events: WebhookEventEnvelope[]): Promise<InboxEvent[]> {
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
      await this.deps.models.InboxEvent.insertMany(docs, { ordered: false, lean: true });
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

    try {
      await this.keepPending(docs, refused);
    } catch (error) {
      this.deps.log.error({ err: error, events: docs.length }, 'inbox write failed');
      const failure = new JorenError(ErrorCode.InboxUnavailable, 'The inbox could not store the events.');
      for (const pending of batch) pending.reject(failure);
      return;
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

  /**
   * Adds the waiting copy (InboxPending) of every event that is new, and of every redelivered one
   * whose inbox event is still pending: a process that stopped between the two inserts did not
   * acknowledge, so LINE's redelivery completes the pair. Before the 200, like the inbox insert.
   */
  private async keepPending(docs: InboxEvent[], refused: Map<number, boolean>): Promise<void> {
    const fresh: InboxPending[] = docs.filter((_, i) => !refused.has(i)).map(pendingCopy);
    const redelivered = docs.filter((_, i) => refused.get(i) === true).map((doc) => doc._id);
    if (redelivered.length > 0) {
      // Redeliveries are rare; each is read by _id.
      const stored = await Promise.all(
        redelivered.map((id) => this.deps.models.InboxEvent.findById(id).lean()),
      );
      // Marked to be checked against the inbox again: a worker may finish it meanwhile.
      for (const event of stored)
        if (event?.status === 'pending') fresh.push({ ...pendingCopy(event), recheck: true });
    }
    if (fresh.length === 0) return;
    try {
      await this.deps.models.InboxPending.insertMany(fresh, { ordered: false, lean: true });
    } catch (error) {
      // A copy already there is fine; anything else fails the webhook, and LINE redelivers.
      if (!refusedInserts(error)?.every((r) => r.duplicate)) throw error;
    }
  }
}

/** The waiting copy of an inbox event. */
export function pendingCopy(event: InboxEvent): InboxPending {
  const { status: _status, processedAt: _processedAt, parkedAt: _parkedAt, ...rest } = event;
  return rest;
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
