import { mongo } from 'mongoose';

const ObjectIdClass = mongo.ObjectId;

type Collection = mongo.Collection;
type ObjectId = mongo.ObjectId;

/** A one-off job as Agenda stores it (the fields the scheduler reads). */
export interface StoredJob {
  _id: ObjectId;
  name: string;
  data: unknown;
  nextRunAt: Date | null;
  priority?: number;
}

/**
 * Reads of Agenda's job collection that its API does not offer: which one-off jobs are due at the
 * injected clock's time (time travel), and how many are pending (the budget forecast). The collection
 * holds scheduled work only, so these scans stay small on FerretDB.
 */
export class AgendaJobs {
  private readonly collection: Collection;

  constructor(db: mongo.Db, collection = 'agendaJobs') {
    this.collection = db.collection(collection);
  }

  /** One-off jobs due by `now` that nobody holds, earliest first. */
  async due(now: Date, names: string[]): Promise<StoredJob[]> {
    const found = await this.collection
      .find({
        type: 'normal',
        name: { $in: names },
        nextRunAt: { $ne: null, $lte: now },
        lockedAt: null,
        disabled: { $ne: true },
      })
      .sort({ nextRunAt: 1 })
      .limit(500)
      .toArray();
    return found as unknown as StoredJob[];
  }

  /** One-off jobs of these names scheduled up to `until`. */
  async countPending(names: string[], until: Date): Promise<number> {
    return this.collection.countDocuments({
      type: 'normal',
      name: { $in: names },
      nextRunAt: { $ne: null, $lte: until },
    });
  }

  /** Jobs by their `_id`s (hex strings), null where a job is gone; read by `_id` only. */
  async byIds(ids: string[]): Promise<(StoredJob | null)[]> {
    return Promise.all(
      ids.map(async (id) => {
        if (!ObjectIdClass.isValid(id)) return null;
        const job = await this.collection.findOne({ _id: new ObjectIdClass(id) });
        return job as unknown as StoredJob | null;
      }),
    );
  }

  /**
   * One-off jobs of these names for a customer (the data's `customerId`), with their times. A scan on
   * FerretDB: only the lazy backfill of a customer's activity document uses it (see followUpsOf).
   */
  async forCustomer(names: string[], customerId: string): Promise<StoredJob[]> {
    const found = await this.collection
      .find({ type: 'normal', name: { $in: names }, 'data.customerId': customerId, nextRunAt: { $ne: null } })
      .toArray();
    return found as unknown as StoredJob[];
  }

  async remove(job: StoredJob): Promise<void> {
    await this.collection.deleteOne({ _id: job._id });
  }

  /**
   * Agenda keeps one document per recurring job, created by an upsert that is not atomic on FerretDB:
   * two processes starting together can leave two. Keeps the first.
   */
  async dedupeRecurring(name: string): Promise<void> {
    const copies = await this.collection.find({ name, type: 'single' }).sort({ _id: 1 }).toArray();
    for (const extra of copies.slice(1)) await this.collection.deleteOne({ _id: extra._id });
  }
}
