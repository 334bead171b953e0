import { pruneLeaseEnds } from '../db/lease.js';
import type { Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { pendingCopy } from './inbox-writer.js';
import { writeUpdates } from '../db/bulk-write.js';

/** Events removed per chunk; the worker's hot path runs between chunks. */
const PRUNE_CHUNK = 1_000;
/** An inbox event still pending this long after it was stored should have a waiting copy. */
const ORPHAN_AFTER_MS = 60_000;

/**
 * The inbox's upkeep, off the hot path: removing processed events older than the retention (in
 * chunks, each deleted by _id), and, once at start, giving a waiting copy back to any event stored
 * without one (a process stopped between the two inserts and LINE did not redeliver). Both read the
 * inbox by age or status, which scans it on FerretDB: hourly and at start, never per event.
 */
export class InboxMaintenance {
  private lastPruneAt = -Infinity;
  private checkedOrphans = false;

  constructor(
    private readonly deps: {
      models: Pick<Models, 'InboxEvent' | 'InboxPending' | 'Lease' | 'LeaseEnd'>;
      log: Logger;
    },
    private readonly options: { retentionMs: number; pruneIntervalMs: number },
  ) {}

  async run(now: Date): Promise<void> {
    if (!this.checkedOrphans) {
      // The first prune waits an interval: nothing is urgent at start, and the check above scans too.
      this.checkedOrphans = true;
      this.lastPruneAt = now.getTime();
      await this.restoreOrphans(now);
    }
    if (now.getTime() - this.lastPruneAt < this.options.pruneIntervalMs) return;
    this.lastPruneAt = now.getTime();
    await this.prune(now);
  }

  private async restoreOrphans(now: Date): Promise<void> {
    const { InboxEvent, InboxPending } = this.deps.models;
    const stale = await InboxEvent.find({
      status: 'pending',
      receivedAt: { $lt: new Date(now.getTime() - ORPHAN_AFTER_MS) },
    })
      .limit(PRUNE_CHUNK)
      .lean();
    if (stale.length === 0) return;
    const statements = stale.map((event) => {
      const { _id, ...copy } = pendingCopy(event);
      return {
        updateOne: { filter: { _id }, update: { $setOnInsert: { ...copy, recheck: true } }, upsert: true },
      };
    });
    const results = await writeUpdates(statements, (chunk) =>
      InboxPending.bulkWrite(chunk, { ordered: false }),
    );
    const restored = results.reduce((sum, result) => sum + result.upsertedCount, 0);
    if (restored > 0)
      this.deps.log.warn({ events: restored }, 'inbox events without a waiting copy restored');
  }

  private async prune(now: Date): Promise<void> {
    const { InboxEvent } = this.deps.models;
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    let removed = 0;
    for (;;) {
      const old = await InboxEvent.find({ status: 'done', receivedAt: { $lt: cutoff } }, { _id: 1 })
        .limit(PRUNE_CHUNK)
        .lean();
      if (old.length === 0) break;
      const result = await InboxEvent.bulkWrite(
        old.map((event) => ({ deleteOne: { filter: { _id: event._id } } })),
        { ordered: false },
      );
      removed += result.deletedCount;
      if (old.length < PRUNE_CHUNK) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (removed > 0) this.deps.log.info({ deletedCount: removed }, 'old processed webhook events removed');
    await pruneLeaseEnds(this.deps.models, new Date(now.getTime() - 24 * 3_600_000));
  }
}
