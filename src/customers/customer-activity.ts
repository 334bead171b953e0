import type { ActivitySection, CustomerActivity, Models } from '../db/models/index.js';
import { activitySections } from '../db/models/index.js';

type ActivityModels = Pick<Models, 'CustomerActivity'>;

/**
 * How many ids each section keeps, newest last. Writers only add (an `$addToSet`, idempotent and
 * portable: FerretDB 1.24's `$push` ignores `$slice`); readers and the daily housekeeping trim the
 * oldest past the cap, so a document stays a few KB whatever the customer's history holds.
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

/** A backfill: the section's ids read once from its own collection (a scan on FerretDB). */
export type Backfill = () => Promise<string[]>;

/**
 * The ids of the asked sections for a customer, by `_id`. A section the document has not been filled
 * with yet (a customer older than this document) is read once with its backfill and stored, so each
 * customer pays that scan once; every later read is by `_id`.
 */
export async function activityIds<S extends ActivitySection>(
  models: ActivityModels,
  customerId: string,
  wanted: Record<S, Backfill>,
): Promise<Record<S, string[]>> {
  const doc = await models.CustomerActivity.findById(customerId).lean<CustomerActivity>();
  const sections = Object.keys(wanted) as S[];
  const missing = sections.filter((section) => !doc?.filled?.includes(section));
  const found = await Promise.all(missing.map((section) => wanted[section]()));
  if (missing.length > 0) {
    const add: Record<string, unknown> = { filled: { $each: missing } };
    missing.forEach((section, index) => (add[section] = { $each: found[index] }));
    await models.CustomerActivity.updateOne({ _id: customerId }, { $addToSet: add }, { upsert: true });
  }
  const result = {} as Record<S, string[]>;
  for (const section of sections) {
    const index = missing.indexOf(section);
    const kept = doc?.[section] ?? [];
    result[section] = index < 0 ? kept : [...new Set([...kept, ...found[index]!])];
  }
  if (doc) await trimActivity(models, doc);
  return result;
}

/** Notes ids in a customer's section (idempotent: a retried write adds nothing). */
export async function addActivity(
  models: ActivityModels,
  customerId: string,
  section: ActivitySection,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await models.CustomerActivity.updateOne(
    { _id: customerId },
    { $addToSet: { [section]: { $each: ids } } },
    { upsert: true },
  );
}

/** Notes ids for many customers in one round trip (a fan-out's ledger claims, a run's skips). */
export async function addActivities(
  models: ActivityModels,
  section: ActivitySection,
  entries: { customerId: string; id: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const byCustomer = new Map<string, string[]>();
  for (const { customerId, id } of entries)
    byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), id]);
  await models.CustomerActivity.bulkWrite(
    [...byCustomer].map(([customerId, ids]) => ({
      updateOne: {
        filter: { _id: customerId },
        update: { $addToSet: { [section]: { $each: ids } } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

/** Drops ids from a customer's section (the record is gone or no longer belongs there). */
export async function removeActivity(
  models: ActivityModels,
  customerId: string,
  section: ActivitySection,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await models.CustomerActivity.updateOne({ _id: customerId }, { $pullAll: { [section]: ids } });
}

/** A customer created now has no history to backfill: every section starts filled. */
export async function startActivity(models: ActivityModels, customerId: string): Promise<void> {
  await models.CustomerActivity.updateOne(
    { _id: customerId },
    { $addToSet: { filled: { $each: [...activitySections] } } },
    { upsert: true },
  );
}

/**
 * Forgets what the document holds: the next read backfills it from the collections again (after a
 * rare change that moves records between customers, such as linking an imported history).
 */
export async function resetActivity(models: ActivityModels, customerId: string): Promise<void> {
  await models.CustomerActivity.deleteOne({ _id: customerId });
}

/** Trims each section of a document read to its cap, oldest first (idempotent; races are harmless). */
export async function trimActivity(models: ActivityModels, doc: CustomerActivity): Promise<boolean> {
  const pull: Record<string, string[]> = {};
  for (const section of activitySections) {
    const ids = doc[section] ?? [];
    const cap = ACTIVITY_CAPS[section];
    if (ids.length > cap) pull[section] = ids.slice(0, ids.length - cap);
  }
  if (Object.keys(pull).length === 0) return false;
  await models.CustomerActivity.updateOne({ _id: doc._id }, { $pullAll: pull });
  return true;
}
