import { refusedInserts, writeUpdates } from '../db/bulk-write.js';
import { isDuplicateKeyError } from '../errors.js';
import type { ActivitySection, CustomerActivity, Models } from '../db/models/index.js';
import { activityId, activitySections } from '../db/models/index.js';

type ActivityModels = Pick<Models, 'CustomerActivity'>;

/**
 * How many ids each list keeps, newest last. Writers only add (an `$addToSet`, idempotent and
 * portable: FerretDB 1.24's `$push` ignores `$slice` and its `$pull` matches only equal values);
 * readers and the nightly housekeeping trim the oldest past the cap with `$pullAll`, so a list stays
 * a few KB whatever the customer's history holds.
 */
export const ACTIVITY_CAPS: Record<ActivitySection, number> = {
  episodes: 50,
  followUps: 50,
  cases: 50,
  ratings: 20,
  messages: 20,
  // The contact policy reads up to 400 days of sends (the explanation); a customer gets a few a month.
  sends: 200,
  // One per touchpoint key and day that was due and not sent: two a day at most for a year.
  skips: 800,
};

/** A backfill: the list's ids read once from its own collection (a scan on FerretDB), oldest first. */
export type Backfill = () => Promise<string[]>;

/**
 * The ids of the asked lists for a customer, each read by `_id`. A list not filled yet (a customer
 * older than these documents) is read once with its backfill and stored, so each customer pays that
 * scan once per list; every later read is by `_id`.
 */
export async function activityIds<S extends ActivitySection>(
  models: ActivityModels,
  customerId: string,
  wanted: Record<S, Backfill>,
): Promise<Record<S, string[]>> {
  const sections = Object.keys(wanted) as S[];
  const lists = await Promise.all(
    sections.map(async (section) => {
      const _id = activityId(section, customerId);
      const doc = await models.CustomerActivity.findById(_id).lean<CustomerActivity>();
      const kept = doc?.ids ?? [];
      if (doc?.filled) {
        await trimActivity(models, doc);
        return kept;
      }
      const found = await wanted[section]();
      await upserting(() =>
        models.CustomerActivity.updateOne(
          { _id },
          { $set: { customerId, section, filled: true }, $addToSet: { ids: { $each: found } } },
          { upsert: true },
        ),
      );
      return [...new Set([...kept, ...found])];
    }),
  );
  return Object.fromEntries(sections.map((section, index) => [section, lists[index]!])) as Record<
    S,
    string[]
  >;
}

/** Notes ids in a customer's list (idempotent: a retried write adds nothing). */
export async function addActivity(
  models: ActivityModels,
  customerId: string,
  section: ActivitySection,
  ids: string[],
): Promise<void> {
  await addActivities(
    models,
    section,
    ids.map((id) => ({ customerId, id })),
  );
}

/** Notes ids for many customers (a run's messages, sends and skips), fifty upserts a round trip. */
export async function addActivities(
  models: ActivityModels,
  section: ActivitySection,
  entries: { customerId: string; id: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const byCustomer = new Map<string, string[]>();
  for (const { customerId, id } of entries) {
    const ids = byCustomer.get(customerId);
    if (ids) ids.push(id);
    else byCustomer.set(customerId, [id]);
  }
  const writes = [...byCustomer].map(([customerId, ids]) => ({
    updateOne: {
      filter: { _id: activityId(section, customerId) },
      update: { $set: { customerId, section }, $addToSet: { ids: { $each: ids } } },
      upsert: true,
    },
  }));
  await writeUpdates(writes, (chunk) =>
    upserting(() => models.CustomerActivity.bulkWrite(chunk, { ordered: false })),
  );
}

/**
 * Runs an upsert again when it lost a race to insert the same `_id` (two upserts of a new document
 * at once: the loser's duplicate key; on FerretDB more often, as its update reads then writes). The
 * second run finds the document and updates it; the writes are idempotent, so repeating is safe.
 */
async function upserting<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const duplicate =
      isDuplicateKeyError(error) || refusedInserts(error)?.some((refusal) => refusal.duplicate);
    if (!duplicate) throw error;
    return write();
  }
}

/** Drops ids from a customer's list (their record is gone or no longer theirs). */
export async function removeActivity(
  models: ActivityModels,
  customerId: string,
  section: ActivitySection,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await models.CustomerActivity.updateOne({ _id: activityId(section, customerId) }, { $pullAll: { ids } });
}

/**
 * A customer created now has nothing to backfill: every list starts filled (inserts; a list a writer
 * already started stays unfilled and is backfilled once, which is still right).
 */
export async function startActivity(models: ActivityModels, customerId: string): Promise<void> {
  const docs = activitySections.map((section) => ({
    _id: activityId(section, customerId),
    customerId,
    section,
    filled: true,
    ids: [],
  }));
  try {
    await models.CustomerActivity.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    if (!refusedInserts(error)?.every((refusal) => refusal.duplicate)) throw error;
  }
}

/** Deletes a customer's lists, each by `_id` (erasure; linking, after which they are read again). */
export async function resetActivity(models: ActivityModels, customerId: string): Promise<number> {
  let deleted = 0;
  for (const section of activitySections) {
    deleted += (await models.CustomerActivity.deleteOne({ _id: activityId(section, customerId) }))
      .deletedCount;
  }
  return deleted;
}

/** Trims a list read to its cap, oldest first (idempotent; writes only when over the cap). */
export async function trimActivity(models: ActivityModels, doc: CustomerActivity): Promise<boolean> {
  const cap = ACTIVITY_CAPS[doc.section];
  const ids = doc.ids ?? [];
  if (ids.length <= cap) return false;
  await models.CustomerActivity.updateOne(
    { _id: doc._id },
    { $pullAll: { ids: ids.slice(0, ids.length - cap) } },
  );
  return true;
}
