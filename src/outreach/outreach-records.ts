import { refusedInserts } from '../db/bulk-write.js';
import type { Message, Models, SendLedgerEntry } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import type { LineMessage } from '../line/line-api.js';
import { summarizeOutgoing } from '../line/message-summary.js';
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

type RecordModels = Pick<Models, 'SendLedger' | 'Message' | 'OutreachBatch' | 'Customer'>;

/**
 * The fan-out's writes, all in batches and insert-only on the hot path (FerretDB serialises writes
 * and per-call overhead dominates, so one insertMany of 500 costs about what a few single writes do).
 */
export class OutreachRecords {
  constructor(private readonly models: RecordModels) {}

  /** Inserts ledger entries; returns the deliveries this call claimed (the others were already taken). */
  async claim(
    deliveries: Delivery[],
    batch: { id: string; runKey: string; via: 'push' | 'multicast' },
    at: Date,
  ): Promise<Delivery[]> {
    if (deliveries.length === 0) return [];
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
      messages: d.messages,
      at,
    }));
    const refused = await this.insertAll(this.models.SendLedger, entries);
    return deliveries.filter((_, index) => !refused.has(index));
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
    if (entries.length > 0) await this.insertAll(this.models.Message, entries);
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
  async finishBatch(
    batch: { id: string; runKey: string; kind: string },
    recipients: number,
    sent: number,
    at: Date,
  ) {
    try {
      await this.models.OutreachBatch.create({
        _id: batch.id,
        runKey: batch.runKey,
        kind: batch.kind,
        recipients,
        sent,
        doneAt: at,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
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

  /** Of these batches, the ones not finished (by `_id`: one indexed read each). */
  async unfinishedBatches(batchIds: string[]): Promise<Set<string>> {
    const found = await Promise.all(batchIds.map((id) => this.models.OutreachBatch.exists({ _id: id })));
    return new Set(batchIds.filter((_, index) => !found[index]));
  }

  /** Of these ledger entries, the ones without an outcome in the conversation log. */
  async withoutOutcome(keys: string[]): Promise<string[]> {
    const found = await Promise.all(keys.map((key) => this.models.Message.exists({ _id: `${key}#0` })));
    return keys.filter((_, index) => !found[index]);
  }

  /** Unordered insert that tolerates duplicates; returns the indexes refused as duplicates. */
  private async insertAll<T>(model: { insertMany(docs: T[], options: object): Promise<unknown> }, docs: T[]) {
    try {
      await model.insertMany(docs, { ordered: false, lean: true });
      return new Set<number>();
    } catch (error) {
      const refusals = refusedInserts(error);
      if (!refusals?.every((refusal) => refusal.duplicate)) throw error;
      return new Set(refusals.map((refusal) => refusal.index));
    }
  }
}
