import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { isDuplicateKeyError } from '../errors.js';
import type { Models, WinBack } from '../db/models/index.js';
import { packPayload, unpackPayload } from '../db/models/outreach-batch.model.js';
import type { Logger } from '../log.js';
import { ImportTombstones } from './import-tombstones.js';
import { resetActivity } from './customer-activity.js';

/** One part of forgetting a customer; returns how many records it deleted or anonymised. */
export interface ErasureStep {
  name: string;
  run(input: { customerId: string; token: string }): Promise<number>;
}

/** Anonymised records carry this instead of the customer's id. */
const FORGOTTEN_PREFIX = 'forgotten:';

/**
 * Records of ended inbox leases name the customer, but one may still matter to a holder finishing
 * late (see src/db/lease.ts); past this age none can, and younger ones are pruned within a day.
 */
const LEASE_RECORDS_SETTLED_MS = 10 * 60_000;

/**
 * Deletes a customer's personal data at their request, keeping only what the shop's figures need
 * without anyone behind it (docs/privacy.md lists what happens to each collection). Copies held
 * elsewhere (Slack posts; later, other adapters) are registered as steps that run first, while the
 * records that point to them still exist. Every step is idempotent and the erasure keeps its token
 * in `erasing:<customerId>` until done, so running it again after a crash finishes the job with the
 * same token.
 */
export class CustomerErasure {
  private readonly copies: ErasureStep[] = [];

  constructor(
    private readonly deps: {
      models: Pick<
        Models,
        | 'Customer'
        | 'LinkCode'
        | 'SendLedger'
        | 'OutreachSkip'
        | 'OutreachBatch'
        | 'OpenBatch'
        | 'LapseScoreChunk'
        | 'Message'
        | 'InboxEvent'
        | 'InboxPending'
        | 'Conversation'
        | 'Survey'
        | 'Visit'
        | 'ComplaintCase'
        | 'WinBack'
        | 'Erasure'
        | 'Lease'
        | 'LeaseEnd'
        | 'ContactTask'
        | 'LinkProposal'
        | 'PhoneIndex'
        | 'ShopSecret'
        | 'ImportTombstone'
        | 'CustomerActivity'
      >;
      clock: Clock;
      log: Logger;
      /** Told of each customer record deleted (the customer and the imported records linked to them). */
      onDeleted?: (customerId: string) => void;
    },
  ) {}

  /** Registers a step that removes copies of the customer's data held outside the database. */
  registerCopies(step: ErasureStep): void {
    this.copies.push(step);
  }

  /** Forgets the customer; null when there is no such customer (already forgotten). */
  async forget(
    customerId: string,
    requestedBy: string,
  ): Promise<{ token: string; counts: Record<string, number> } | null> {
    const { models } = this.deps;
    const pending = await models.Erasure.findById(`erasing:${customerId}`).lean();
    if (!pending && !(await models.Customer.exists({ _id: customerId }))) return null;
    const token = pending?.token ?? (await this.begin(customerId, requestedBy));

    const counts: Record<string, number> = {};
    for (const step of [...this.copies, ...this.coreSteps()]) {
      counts[step.name] = await step.run({ customerId, token });
    }
    const now = this.deps.clock.now();
    await models.Erasure.updateOne(
      { _id: `${FORGOTTEN_PREFIX}${token}` },
      { $set: { token, startedAt: pending?.startedAt ?? now, finishedAt: now, requestedBy, counts } },
      { upsert: true },
    );
    await models.Erasure.deleteOne({ _id: `erasing:${customerId}` });
    this.deps.log.info({ token, requestedBy, counts }, 'customer personal data deleted on request');
    return { token, counts };
  }

  /** How many customers were forgotten: the anonymous count that remains of them. */
  async forgottenCount(): Promise<number> {
    const all = await this.deps.models.Erasure.find({}, { _id: 1 }).lean();
    return all.filter((erasure) => erasure._id.startsWith(FORGOTTEN_PREFIX)).length;
  }

  private async begin(customerId: string, requestedBy: string): Promise<string> {
    const token = randomBytes(12).toString('hex');
    try {
      await this.deps.models.Erasure.create({
        _id: `erasing:${customerId}`,
        token,
        startedAt: this.deps.clock.now(),
        requestedBy,
      });
      return token;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const other = await this.deps.models.Erasure.findById(`erasing:${customerId}`).lean();
      if (!other) throw error;
      return other.token;
    }
  }

  /** Joren's own records, in an order that leaves nothing dangling if it stops halfway. */
  private coreSteps(): ErasureStep[] {
    const m = this.deps.models;
    const anonymous = (token: string) => `${FORGOTTEN_PREFIX}${token}`;
    return [
      {
        name: 'messages',
        run: async ({ customerId }) => (await m.Message.deleteMany({ customerId })).deletedCount,
      },
      {
        name: 'inboxEvents',
        run: async ({ customerId }) => (await m.InboxEvent.deleteMany({ userId: customerId })).deletedCount,
      },
      {
        name: 'inboxPending',
        run: async ({ customerId }) => (await m.InboxPending.deleteMany({ userId: customerId })).deletedCount,
      },
      { name: 'leases', run: ({ customerId }) => this.forgetLeases(customerId) },
      {
        name: 'conversation',
        run: async ({ customerId }) => (await m.Conversation.deleteOne({ _id: customerId })).deletedCount,
      },
      {
        name: 'surveys',
        run: async ({ customerId, token }) =>
          (
            await m.Survey.updateMany(
              { customerId },
              { $set: { customerId: anonymous(token) }, $unset: { comment: 1, commentedAt: 1 } },
            )
          ).modifiedCount,
      },
      {
        name: 'visits',
        run: async ({ customerId, token }) =>
          (await m.Visit.updateMany({ customerId }, { $set: { customerId: anonymous(token) } }))
            .modifiedCount,
      },
      {
        name: 'contactTasks',
        run: async ({ customerId }) => (await m.ContactTask.deleteMany({ customerId })).deletedCount,
      },
      {
        name: 'linkProposals',
        run: async ({ customerId }) =>
          (await m.LinkProposal.deleteMany({ $or: [{ friendId: customerId }, { historyId: customerId }] }))
            .deletedCount,
      },
      {
        name: 'importedRecords',
        run: ({ customerId, token }) => this.forgetImportedRecords(customerId, anonymous(token)),
      },
      { name: 'phoneIndex', run: ({ customerId }) => this.dropFromPhoneIndex(customerId) },
      {
        name: 'complaintCases',
        run: async ({ customerId, token }) => {
          const cases = await m.ComplaintCase.find({ customerId }).lean();
          for (const complaint of cases) {
            await m.ComplaintCase.updateOne(
              { _id: complaint._id },
              {
                $set: {
                  customerId: anonymous(token),
                  history: complaint.history.map(({ at, by, action }) => ({ at, by, action })),
                },
                $unset: { words: 1, wish: 1, resolution: 1, slack: 1 },
              },
            );
          }
          return cases.length;
        },
      },
      {
        name: 'linkCodes',
        run: async ({ customerId }) =>
          (await m.LinkCode.deleteMany({ $or: [{ customerId }, { usedBy: customerId }] })).deletedCount,
      },
      {
        name: 'sendLedger',
        run: async ({ customerId }) => (await m.SendLedger.deleteMany({ customerId })).deletedCount,
      },
      {
        name: 'outreachSkips',
        run: async ({ customerId }) => (await m.OutreachSkip.deleteMany({ customerId })).deletedCount,
      },
      { name: 'outreachBatches', run: ({ customerId }) => this.dropFromBatches(customerId) },
      { name: 'lapseScores', run: ({ customerId }) => this.dropLapseScores(customerId) },
      { name: 'winBacks', run: ({ customerId, token }) => this.rekeyWinBacks(customerId, anonymous(token)) },
      {
        name: 'customerActivity',
        run: ({ customerId }) => resetActivity(m, customerId),
      },
      {
        name: 'customer',
        run: async ({ customerId }) => (await m.Customer.deleteOne({ _id: customerId })).deletedCount,
      },
    ];
  }

  /** The customer's inbox lease records that can no longer matter. */
  private async forgetLeases(customerId: string): Promise<number> {
    const { Lease, LeaseEnd } = this.deps.models;
    const settled = new Date(this.deps.clock.now().getTime() - LEASE_RECORDS_SETTLED_MS);
    const key = `inbox:${customerId}`;
    const ends = await LeaseEnd.deleteMany({
      _id: { $regex: `^${escapeRegExp(key)}~` },
      at: { $lt: settled },
    });
    const lease = await Lease.deleteOne({ _id: key, expiresAt: { $lt: settled } });
    return ends.deletedCount + lease.deletedCount;
  }

  /**
   * Fan-out batches keep the composed messages (which name the customer) per ledger key
   * (`<kind>:<period>:<customerId>`) until housekeeping removes them after 30 days; the customer's
   * entries go now. Batches are few (one per 500 sends), so they are read whole.
   */
  private async dropFromBatches(customerId: string): Promise<number> {
    const { OutreachBatch, OpenBatch } = this.deps.models;
    const suffix = `:${customerId}`;
    let changed = 0;
    for (const batch of await OutreachBatch.find({}, { packed: 1, released: 1 }).lean()) {
      const payload = unpackPayload(batch.packed);
      if (!payload.entries?.some((entry) => entry.key.endsWith(suffix))) continue;
      const kept = payload.entries.filter((entry) => !entry.key.endsWith(suffix));
      const released = batch.released?.filter((key) => !key.endsWith(suffix));
      await OutreachBatch.updateOne(
        { _id: batch._id },
        {
          $set: {
            packed: packPayload({ ...payload, entries: kept }),
            recipients: kept.length,
            ...(released ? { released } : {}),
          },
        },
      );
      changed++;
    }
    // An open batch names the keys another run had claimed first (a handful of small records).
    for (const open of await OpenBatch.find({}, { taken: 1 }).lean()) {
      if (!open.taken?.some((key) => key.endsWith(suffix))) continue;
      const kept = open.taken.filter((key) => !key.endsWith(suffix));
      await OpenBatch.updateOne({ _id: open._id }, { $set: { taken: kept } });
      changed++;
    }
    return changed;
  }

  /**
   * The precomputed lapse scores hold the id in packed lines (`["<id>",…` for a score,
   * `<id>:<date>` for an episode that began): those lines are dropped. The next scan would drop them
   * too; this makes the id gone today.
   */
  private async dropLapseScores(customerId: string): Promise<number> {
    const { LapseScoreChunk } = this.deps.models;
    const chunks = await LapseScoreChunk.find({ rows: { $regex: escapeRegExp(customerId) } }).lean();
    const score = `${JSON.stringify(customerId)},`;
    const episode = `${customerId}:`;
    for (const chunk of chunks) {
      const rows = chunk.rows
        .split('\n')
        .filter((line) => !line.startsWith(`[${score}`) && !line.startsWith(episode))
        .join('\n');
      await LapseScoreChunk.updateOne({ _id: chunk._id }, { $set: { rows } });
    }
    return chunks.length;
  }

  /**
   * What imports linked to the customer: the history records (`ext:<source>:<id>`, holding the name,
   * phone and address the file gave) named in their `externalIds` or `linkedTo` them, and the customer
   * itself if it is one. Each is tombstoned first (so a later import skips it even if this stops
   * halfway), then leaves the phone index, its visits are anonymised, and the record is deleted. The
   * `linkedTo` query scans the customers on FerretDB: once per /forget.
   */
  private async forgetImportedRecords(customerId: string, anonymousId: string): Promise<number> {
    const { Customer, Visit } = this.deps.models;
    const customer = await Customer.findById(customerId, { externalIds: 1 }).lean();
    const linked = await Customer.find({ linkedTo: customerId }, { _id: 1 }).lean();
    const records = new Set([
      ...(customer?.externalIds ?? []).map((id) => `ext:${id}`),
      ...linked.map((record) => record._id),
      ...(customerId.startsWith('ext:') ? [customerId] : []),
    ]);
    await new ImportTombstones(this.deps.models).bury([...records], this.deps.clock.now());
    records.delete(customerId);
    for (const id of records) {
      await this.dropFromPhoneIndex(id);
      await Visit.updateMany({ customerId: id }, { $set: { customerId: anonymousId } });
      await Customer.deleteOne({ _id: id });
      this.deps.onDeleted?.(id);
    }
    return records.size;
  }

  /** The customer's phone number leaves the phone index (an entry naming no one is deleted). */
  private async dropFromPhoneIndex(customerId: string): Promise<number> {
    const { Customer, PhoneIndex } = this.deps.models;
    const customer = await Customer.findById(customerId, { phone: 1 }).lean();
    if (!customer?.phone) return 0;
    await PhoneIndex.updateOne({ _id: customer.phone }, { $pull: { customerIds: customerId } });
    const entry = await PhoneIndex.findById(customer.phone).lean();
    if (entry && entry.customerIds.length === 0) await PhoneIndex.deleteOne({ _id: customer.phone });
    return 1;
  }

  /** Win-back episodes are keyed `<customerId>:<date>`: re-keyed under the token, the reply removed. */
  private async rekeyWinBacks(customerId: string, anonymousId: string): Promise<number> {
    const { WinBack } = this.deps.models;
    const episodes = await WinBack.find({ customerId }).lean();
    for (const episode of episodes) {
      const { _id, replyText: _replyText, ...kept } = episode;
      const copy: WinBack = {
        ...kept,
        _id: `${anonymousId}:${_id.slice(customerId.length + 1)}`,
        customerId: anonymousId,
      };
      try {
        await new WinBack(copy).save({ timestamps: false });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      await WinBack.deleteOne({ _id });
    }
    return episodes.length;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
