import { addActivities } from '../customers/customer-activity.js';
import { refusedInserts, writeUpdates } from '../db/bulk-write.js';
import { isDuplicateKeyError } from '../errors.js';
import {
  packPayload,
  unpackPayload,
  type BatchPayload,
  type OpenBatch,
  type OutreachBatch,
} from '../db/models/outreach-batch.model.js';
import type { Message, Models, SendLedgerEntry } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { AudienceCustomer } from './audience.js';
import { summarizeOutgoing } from '../line/message-summary.js';
import { mapBounded, RESUME_READS_IN_FLIGHT } from './map-bounded.js';
import { WriteQueue } from './write-queue.js';
import type { TouchpointKind } from '../db/models/index.js';

/** One customer's message in a run: composed, approved by the contact policy, keyed in the send ledger. */
export interface Delivery {
  /** The send-ledger key: `<kind>:<period>:<customerId>`. */
  key: string;
  customerId: string;
  kind: TouchpointKind;
  period: string;
  ref?: string;
  data?: Record<string, unknown>;
  messages: LineMessage[];
  /** In memory only: the audience record it was composed for (absent when resumed from storage). */
  customer?: AudienceCustomer;
}

/** What a send came to, as the conversation log records it. */
export interface SendResult {
  delivery: Delivery;
  via: 'push' | 'multicast';
  status: 'sent' | 'failed';
  /** When the send was claimed in the ledger. */
  at: Date;
  sentAt: Date;
  requestId?: string | undefined;
}

/** A driver collection, as far as inserting goes (string `_id`s). */
type Inserter = {
  insertMany(docs: object[], options: { ordered: boolean }): Promise<unknown>;
  insertOne(doc: object): Promise<unknown>;
};

type RecordModels = Pick<
  Models,
  'SendLedger' | 'Message' | 'OutreachBatch' | 'OpenBatch' | 'PlannedRun' | 'Customer' | 'CustomerActivity'
>;

/** A batch as the fan-out makes it. */
export interface BatchHeader {
  id: string;
  runKey: string;
  kind: TouchpointKind;
  via: 'push' | 'multicast';
}

/**
 * The fan-out's writes, all in batches and insert-only on the hot path (FerretDB serialises writes
 * and per-call overhead dominates, so one insertMany of 500 costs about what a few single writes do).
 */
export class OutreachRecords {
  private readonly writes = new WriteQueue();

  constructor(private readonly models: RecordModels) {}

  /**
   * Stores a batch (its messages and its open record), then inserts its ledger entries; returns the
   * deliveries this call claimed and the keys another run or process had taken first.
   */
  async claim(
    deliveries: Delivery[],
    batch: BatchHeader,
    at: Date,
  ): Promise<{ claimed: Delivery[]; taken: string[] }> {
    if (deliveries.length === 0) return { claimed: [], taken: [] };
    const payload: BatchPayload = {
      entries: deliveries.map((d) => ({
        key: d.key,
        customerId: d.customerId,
        period: d.period,
        ...(d.ref !== undefined ? { ref: d.ref } : {}),
        ...(d.data !== undefined ? { data: d.data } : {}),
        ...(batch.via === 'push' ? { messages: d.messages } : {}),
      })),
      ...(batch.via === 'multicast' ? { shared: deliveries[0]!.messages } : {}),
    };
    const record: OutreachBatch = {
      _id: batch.id,
      runKey: batch.runKey,
      kind: batch.kind,
      via: batch.via,
      recipients: deliveries.length,
      packed: packPayload(payload),
      createdAt: at,
    };
    const open: OpenBatch = { _id: batch.id, runKey: batch.runKey, kind: batch.kind, via: batch.via, at };
    // The claim's writes in one turn of the queue: no logging write slips in between them.
    return this.writes.run('first', async () => {
      // Both before the claim (a claim is resumable only once they exist), neither waits for the other.
      await Promise.all([
        (this.models.OutreachBatch.collection as unknown as Inserter).insertOne(record),
        (this.models.OpenBatch.collection as unknown as Inserter).insertOne(open),
      ]);
      const refused = await this.insertLedger(deliveries, batch, at);
      const taken = deliveries.filter((_, index) => refused.has(index)).map((d) => d.key);
      await this.models.OpenBatch.updateOne(
        { _id: batch.id },
        { $set: { claimedAt: at, ...(taken.length > 0 ? { taken } : {}) } },
      );
      return { claimed: deliveries.filter((_, index) => !refused.has(index)), taken };
    });
  }

  /**
   * Claims a batch's entries again (a batch left before its claim was recorded: it may not have
   * happened). Entries refused now were claimed before — by this batch, or by another run whose
   * refusal was not recorded in time: both are sent, with the entry's own retry key, so LINE delivers
   * each once whoever sends it.
   */
  async reclaim(deliveries: Delivery[], open: OpenBatch): Promise<void> {
    const batch = { id: open._id, runKey: open.runKey, kind: open.kind as TouchpointKind, via: open.via };
    await this.insertLedger(deliveries, batch, open.at);
  }

  /** The open batches of a kind (a few small records; none while nothing is unfinished). */
  async openBatches(kind: TouchpointKind): Promise<OpenBatch[]> {
    return this.models.OpenBatch.find({ kind }).sort({ at: 1 }).lean<OpenBatch[]>();
  }

  /** A stored batch's deliveries (those forgotten since are gone), or null when it is gone. */
  async loadBatch(open: Pick<OpenBatch, '_id' | 'kind' | 'taken'>): Promise<Delivery[] | null> {
    const batch = await this.models.OutreachBatch.findById(open._id, { packed: 1 }).lean<OutreachBatch>();
    if (!batch) return null;
    const payload = unpackPayload(batch.packed);
    const taken = new Set(open.taken ?? []);
    const shared = payload.shared as unknown as LineMessage[] | undefined;
    return (payload.entries ?? [])
      .filter((entry) => !taken.has(entry.key))
      .map((entry) => ({
        key: entry.key,
        customerId: entry.customerId,
        kind: open.kind as TouchpointKind,
        period: entry.period,
        ...(entry.ref !== undefined ? { ref: entry.ref } : {}),
        ...(entry.data !== undefined ? { data: entry.data } : {}),
        messages: shared ?? (entry.messages as unknown as LineMessage[] | undefined) ?? [],
      }));
  }

  /** Records that a batch's sends begin (a resume then checks which already have an outcome). */
  async markStarted(batchId: string, at: Date): Promise<void> {
    // A turn with the claims: the batch's sends wait for this small write.
    await this.writes.run('first', () =>
      this.models.OpenBatch.updateOne({ _id: batchId }, { $set: { startedAt: at } }),
    );
  }

  /** Records that every send of a batch has its outcome. */
  async finishBatch(batchId: string): Promise<void> {
    await this.writes.run('later', () => this.models.OpenBatch.deleteOne({ _id: batchId }));
  }

  /** Records that a run decided about everyone and claimed all it chose (see PlannedRun). */
  async markPlanned(runKey: string, kind: TouchpointKind, at: Date): Promise<void> {
    try {
      await (this.models.PlannedRun.collection as unknown as Inserter).insertOne({ _id: runKey, kind, at });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // planned before (a rerun)
    }
  }

  async isPlanned(runKey: string): Promise<boolean> {
    return (await this.models.PlannedRun.exists({ _id: runKey })) !== null;
  }

  /** A run gives claims back: a rerun must decide afresh. */
  async unmarkPlanned(runKey: string): Promise<void> {
    await this.models.PlannedRun.deleteOne({ _id: runKey });
  }

  /** Writes what was sent (or definitively refused) into the conversation log. */
  async logResults(results: SendResult[]): Promise<void> {
    const entries: Message[] = results.flatMap((result) =>
      result.delivery.messages.map((message, index) => ({
        _id: `${result.delivery.key}#${index}`,
        customerId: result.delivery.customerId,
        direction: 'out' as const,
        channel: 'line' as const,
        via: result.via,
        type: message.type,
        ...(message.type === 'text' ? { text: message.text } : {}),
        summary: summarizeOutgoing(message as { type: string; text?: string; altText?: string }),
        purpose: result.delivery.kind,
        status: result.status,
        at: result.at,
        ...(result.status === 'sent' ? { sentAt: result.sentAt } : {}),
        ...(result.requestId ? { lineRequestId: result.requestId } : {}),
      })),
    );
    if (entries.length > 0) {
      await this.writes.run('later', async () => {
        await this.insertAll(this.models.Message.collection, entries);
        // Kept ready by customer for the card (messages) and the contact policy of one (sends).
        await addActivities(
          this.models,
          'messages',
          entries.map((entry) => ({ customerId: entry.customerId, id: entry._id })),
        );
        await addActivities(
          this.models,
          'sends',
          results.map((result) => ({ customerId: result.delivery.customerId, id: result.delivery.key })),
        );
      });
    }
  }

  /**
   * Gives a batch's claims back (nothing went: a later run may send). The batch notes them first, so
   * a rerun that takes its own claims from its batches (see audienceContext) decides about them again.
   */
  async release(batchId: string, deliveries: Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.models.OutreachBatch.updateOne(
      { _id: batchId },
      { $addToSet: { released: { $each: deliveries.map((d) => d.key) } } },
    );
    await this.models.SendLedger.bulkWrite(
      deliveries.map((d) => ({ deleteOne: { filter: { _id: d.key } } })),
      { ordered: false },
    );
  }

  /** LINE no longer knows these users: they cannot be reached (as the messenger marks them). */
  async markUnreachable(customerIds: string[]): Promise<void> {
    if (customerIds.length === 0) return;
    const statements = customerIds.map((id) => ({
      updateOne: {
        filter: { _id: id },
        update: { $set: { status: 'blocked' as const, unreachableReason: 'send-failed' as const } },
      },
    }));
    await writeUpdates(statements, (chunk) => this.models.Customer.bulkWrite(chunk, { ordered: false }));
  }

  /** Of these ledger entries, the ones without an outcome in the conversation log. */
  async withoutOutcome(keys: string[]): Promise<string[]> {
    const found = await mapBounded(keys, RESUME_READS_IN_FLIGHT, (key) =>
      this.models.Message.exists({ _id: `${key}#0` }),
    );
    return keys.filter((_, index) => !found[index]);
  }

  private insertLedger(deliveries: Delivery[], batch: BatchHeader, at: Date): Promise<Set<number>> {
    const entries: SendLedgerEntry[] = deliveries.map((d) => ({
      _id: d.key,
      customerId: d.customerId,
      kind: d.kind,
      period: d.period,
      ...(d.ref !== undefined ? { ref: d.ref } : {}),
      ...(d.data !== undefined ? { data: d.data } : {}),
      runKey: batch.runKey,
      batchId: batch.id,
      via: batch.via,
      at,
    }));
    return this.insertAll(this.models.SendLedger.collection, entries);
  }

  /**
   * Unordered insert through the driver (the documents are built to the schema here; mongoose's
   * per-document work costs more than the write itself at this volume) that tolerates duplicates;
   * returns the indexes refused as duplicates.
   */
  private async insertAll(collection: Inserter, docs: object[]) {
    try {
      await collection.insertMany(docs, { ordered: false });
      return new Set<number>();
    } catch (error) {
      const refusals = refusedInserts(error);
      if (!refusals?.every((refusal) => refusal.duplicate)) throw error;
      return new Set(refusals.map((refusal) => refusal.index));
    }
  }
}
