import { refusedInserts } from '../db/bulk-write.js';
import type { BatchPayload, OutreachBatch } from '../db/models/outreach-batch.model.js';
import type { Message, Models, SendLedgerEntry } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { AudienceCustomer } from './audience.js';
import { summarizeOutgoing } from '../line/message-summary.js';
import { mapBounded, RESUME_READS_IN_FLIGHT } from './map-bounded.js';
import type { TouchpointKind } from './touchpoints.js';

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

type RecordModels = Pick<Models, 'SendLedger' | 'Message' | 'OutreachBatch' | 'Customer'>;

/**
 * The fan-out's writes, all in batches and insert-only on the hot path (FerretDB serialises writes
 * and per-call overhead dominates, so one insertMany of 500 costs about what a few single writes do).
 */
export class OutreachRecords {
  constructor(private readonly models: RecordModels) {}

  /**
   * Stores a batch's messages, then inserts its ledger entries; returns the deliveries this call
   * claimed (the others were already taken by another run or process).
   */
  async claim(
    deliveries: Delivery[],
    batch: { id: string; runKey: string; kind: string; via: 'push' | 'multicast' },
    at: Date,
  ): Promise<Delivery[]> {
    if (deliveries.length === 0) return [];
    const payload: BatchPayload =
      batch.via === 'multicast'
        ? { shared: deliveries[0]!.messages }
        : {
            entries: deliveries.map((d) => ({
              key: d.key,
              messages: d.messages,
            })),
          };
    const record: OutreachBatch = {
      _id: batch.id,
      runKey: batch.runKey,
      kind: batch.kind,
      via: batch.via,
      recipients: deliveries.length,
      payload,
      createdAt: at,
    };
    await (this.models.OutreachBatch.collection as unknown as Inserter).insertOne(record);
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
    const refused = await this.insertAll(this.models.SendLedger.collection, entries);
    return deliveries.filter((_, index) => !refused.has(index));
  }

  /** The stored messages of ledger entries (from their batches), for resuming them unchanged. */
  async messagesOf(entries: SendLedgerEntry[]): Promise<Map<string, LineMessage[]>> {
    const batchIds = [...new Set(entries.map((entry) => entry.batchId))];
    const batches = await mapBounded(batchIds, RESUME_READS_IN_FLIGHT, (id) =>
      this.models.OutreachBatch.findById(id, { payload: 1 }).lean(),
    );
    const messages = new Map<string, LineMessage[]>();
    for (const entry of entries) {
      const payload = batches[batchIds.indexOf(entry.batchId)]?.payload;
      const found = payload?.shared ?? payload?.entries?.find((e) => e.key === entry._id)?.messages;
      if (found) messages.set(entry._id, found as unknown as LineMessage[]);
    }
    return messages;
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
    if (entries.length > 0) await this.insertAll(this.models.Message.collection, entries);
  }

  /** Gives claims back (LINE refused for the monthly limit: nothing went, so a later run may send). */
  async release(deliveries: Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.models.SendLedger.bulkWrite(
      deliveries.map((d) => ({ deleteOne: { filter: { _id: d.key } } })),
      { ordered: false },
    );
  }

  /** Records that every send of a batch has its outcome. */
  async finishBatch(batchId: string, sent: number, at: Date): Promise<void> {
    await this.models.OutreachBatch.updateOne({ _id: batchId }, { $set: { doneAt: at, sent } });
  }

  /** LINE no longer knows these users: they cannot be reached (as the messenger marks them). */
  async markUnreachable(customerIds: string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await this.models.Customer.bulkWrite(
      customerIds.map((id) => ({
        updateOne: {
          filter: { _id: id },
          update: { $set: { status: 'blocked', unreachableReason: 'send-failed' } },
        },
      })),
      { ordered: false },
    );
  }

  /** Of these batches, the ones not finished (by `_id`: one indexed read each; pruned ones are finished). */
  async unfinishedBatches(batchIds: string[]): Promise<Set<string>> {
    const found = await mapBounded(batchIds, RESUME_READS_IN_FLIGHT, (id) =>
      this.models.OutreachBatch.findById(id, { doneAt: 1 }).lean(),
    );
    return new Set(batchIds.filter((_, index) => found[index] && !found[index].doneAt));
  }

  /** Of these ledger entries, the ones without an outcome in the conversation log. */
  async withoutOutcome(keys: string[]): Promise<string[]> {
    const found = await mapBounded(keys, RESUME_READS_IN_FLIGHT, (key) =>
      this.models.Message.exists({ _id: `${key}#0` }),
    );
    return keys.filter((_, index) => !found[index]);
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
