import { ImportTombstones } from '../../customers/import-tombstones.js';
import type { AnyBulkWriteOperation } from 'mongodb';
import { refusedInserts, writeUpdates } from '../../db/bulk-write.js';
import type { Models } from '../../db/models/index.js';
import { ErrorCode, JorenError } from '../../errors.js';
import { isoDay, type ShopCalendar } from '../../retention/shop-time.js';
import type { VisitRow } from './visit-rows.js';

/** How far an import has got, for a progress bar. */
/** What an import writes with: the models, the shop's calendar, the time, and a progress callback. */
export interface VisitImportDeps {
  models: Pick<Models, 'Visit' | 'Customer' | 'PhoneIndex' | 'ShopSecret' | 'ImportTombstone'>;
  calendar: ShopCalendar;
  now: Date;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'visits' | 'customers';
  done: number;
  total: number;
}

export interface ImportWriteResult {
  /** Visits in the file after merging one customer's rows of one day into one visit. */
  visitsInFile: number;
  visitsAdded: number;
  visitsAlreadyThere: number;
  customersCreated: number;
  customersUpdated: number;
  /** Rows of people forgotten on request (/forget): skipped, so the import does not bring them back. */
  rowsOfForgotten: number;
}

const BATCH = 1000;

/** The customer id of someone known only from the history `source` (see customer.model.ts). */
export const historyCustomerId = (source: string, externalId: string) => `ext:${source}:${externalId}`;

/** The visit key of one customer's visit on one day in a history import: the same row imports once. */
const importedVisitKey = (source: string, externalId: string, day: number) =>
  `imp:${source}:${externalId}:${isoDay(day).replaceAll('-', '')}`;

interface MergedVisit {
  key: string;
  externalId: string;
  at: Date;
  amount?: number;
  menus: string[];
  staff?: string;
  name?: string;
}

/**
 * Writes validated visit rows: one visit per customer and day (rows of the same day merged, amounts
 * added), new history-only customers with their counters, and counter updates ($inc/$min/$max, once
 * per customer, never per visit) for customers already known. Visits are inserted under stable keys
 * with unordered insertMany, so a second run, or a run after a crash, adds only what is missing.
 */
export async function writeVisitRows(
  deps: VisitImportDeps,
  source: string,
  fileRows: readonly VisitRow[],
): Promise<ImportWriteResult> {
  let rows = fileRows;
  if (!/^[a-z0-9_-]{1,20}$/.test(source)) {
    throw new JorenError(ErrorCode.ImportRejected, 'The source name must be 1–20 of a-z, 0-9, _ and -.', {
      source,
    });
  }
  const { models, calendar, now } = deps;
  const forgotten = await new ImportTombstones(models).forgotten([
    ...new Set(rows.map((row) => historyCustomerId(source, row.externalId))),
  ]);
  const kept =
    forgotten.size === 0
      ? rows
      : rows.filter((row) => !forgotten.has(historyCustomerId(source, row.externalId)));
  const rowsOfForgotten = rows.length - kept.length;
  rows = kept;
  const visits = mergeByDay(rows, source, calendar);
  // The last readable value of each contact detail in the file, per customer.
  const contacts = new Map<string, NonNullable<VisitRow['contact']>>();
  for (const row of rows) {
    if (row.contact) contacts.set(row.externalId, { ...contacts.get(row.externalId), ...row.contact });
  }
  const externalIds = [...new Set([...visits.values()].map((v) => v.externalId))];
  const known = await knownCustomers(
    models,
    externalIds.map((id) => historyCustomerId(source, id)),
  );
  const ownerOf = (externalId: string) => {
    const id = historyCustomerId(source, externalId);
    return known.get(id) ?? id;
  };

  const list = [...visits.values()];
  const inserted = new Array<boolean>(list.length).fill(false);
  for (let start = 0; start < list.length; start += BATCH) {
    const batch = list.slice(start, start + BATCH);
    const docs = batch.map((v) => ({
      _id: v.key,
      customerId: ownerOf(v.externalId),
      at: v.at,
      source: 'import' as const,
      ...(v.amount !== undefined ? { amount: v.amount } : {}),
      ...(v.menus.length > 0 ? { menu: v.menus.join('、').slice(0, 100) } : {}),
      ...(v.staff !== undefined ? { staff: v.staff } : {}),
      createdAt: now,
      updatedAt: now,
    }));
    const refused = await insertUnordered(models.Visit.collection, docs);
    batch.forEach((_, i) => (inserted[start + i] = !refused.has(i)));
    deps.onProgress?.({ phase: 'visits', done: Math.min(list.length, start + BATCH), total: list.length });
  }

  // Counters per history record: every visit in the file for a record created now (all of them are
  // its own), only the visits this run added for one that already existed (on it, or on the LINE
  // friend it was linked to).
  const counters = new Map<
    string,
    { owner: string; externalId: string; all: Counter; added: Counter; name?: string }
  >();
  list.forEach((v, i) => {
    const id = historyCustomerId(source, v.externalId);
    let entry = counters.get(id);
    if (!entry) {
      entry = {
        owner: ownerOf(v.externalId),
        externalId: v.externalId,
        all: emptyCounter(),
        added: emptyCounter(),
      };
      counters.set(id, entry);
    }
    count(entry.all, v.at);
    if (inserted[i]) count(entry.added, v.at);
    entry.name ??= v.name;
  });

  const fresh = [...counters].filter(([id]) => !known.has(id));
  let customersCreated = 0;
  const updates: AnyBulkWriteOperation[] = [];
  for (let start = 0; start < fresh.length; start += BATCH) {
    const batch = fresh.slice(start, start + BATCH);
    const docs = batch.map(([id, c]) => ({
      _id: id,
      status: 'unlinked' as const,
      externalIds: [`${source}:${c.externalId}`],
      ...(c.name !== undefined ? { displayName: c.name.slice(0, 100) } : {}),
      tags: [],
      notes: [],
      marketingOptOut: false,
      visitCount: c.all.count,
      firstVisitAt: c.all.first,
      lastVisitAt: c.all.last,
      ...contacts.get(c.externalId),
      createdAt: now,
      updatedAt: now,
    }));
    const refused = await insertUnordered(models.Customer.collection, docs);
    customersCreated += batch.length - refused.size;
    // Created by someone else meanwhile: count what this run added, like for a known customer.
    for (const i of refused.keys()) {
      const update = counterUpdate(batch[i]![0], batch[i]![1].added, now);
      if (update) updates.push(update);
    }
    deps.onProgress?.({
      phase: 'customers',
      done: Math.min(fresh.length, start + BATCH),
      total: fresh.length,
    });
  }
  for (const [id, c] of counters) {
    if (!known.has(id)) continue;
    const update = counterUpdate(c.owner, c.added, now);
    if (update) updates.push(update);
    const contact = contacts.get(c.externalId);
    if (contact) {
      updates.push({
        updateOne: { filter: { _id: id as never }, update: { $set: { ...contact, updatedAt: now } } },
      });
    }
  }
  await indexPhones(models, source, contacts);
  await writeUpdates(updates, (chunk) => models.Customer.collection.bulkWrite(chunk, { ordered: false }));

  const visitsAdded = inserted.filter(Boolean).length;
  return {
    visitsInFile: list.length,
    visitsAdded,
    visitsAlreadyThere: list.length - visitsAdded,
    customersCreated,
    customersUpdated: updates.length,
    rowsOfForgotten,
  };
}

/**
 * The phone index (`_id` = the number) learns every number in the file, so a LINE friend who types
 * theirs is matched by one read. Unordered upserts, sent by writeUpdates.
 */
async function indexPhones(
  models: Pick<Models, 'PhoneIndex'>,
  source: string,
  contacts: Map<string, NonNullable<VisitRow['contact']>>,
): Promise<void> {
  const ops: AnyBulkWriteOperation[] = [];
  for (const [externalId, contact] of contacts) {
    if (!contact.phone) continue;
    ops.push({
      updateOne: {
        filter: { _id: contact.phone as never },
        update: { $addToSet: { customerIds: historyCustomerId(source, externalId) } },
        upsert: true,
      },
    });
  }
  await writeUpdates(ops, (chunk) => models.PhoneIndex.collection.bulkWrite(chunk, { ordered: false }));
}

interface Counter {
  count: number;
  first?: Date;
  last?: Date;
}
const emptyCounter = (): Counter => ({ count: 0 });
function count(counter: Counter, at: Date) {
  counter.count++;
  if (!counter.first || at < counter.first) counter.first = at;
  if (!counter.last || at > counter.last) counter.last = at;
}

function counterUpdate(id: string, added: Counter, now: Date): AnyBulkWriteOperation | undefined {
  if (added.count === 0) return undefined;
  return {
    updateOne: {
      filter: { _id: id as never },
      update: {
        $inc: { visitCount: added.count },
        $min: { firstVisitAt: added.first },
        $max: { lastVisitAt: added.last },
        $set: { updatedAt: now },
      },
    },
  };
}

/** Known history ids, mapped to the LINE friend they were linked to (or to themselves). */
async function knownCustomers(models: Pick<Models, 'Customer'>, ids: string[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  // One $in per 50,000 ids: indexed on MongoDB; on FerretDB each is one scan of the customers.
  for (let start = 0; start < ids.length; start += 50_000) {
    const found = await models.Customer.find(
      { _id: { $in: ids.slice(start, start + 50_000) } },
      { linkedTo: 1 },
    ).lean();
    for (const c of found) known.set(c._id, c.linkedTo ?? c._id);
  }
  return known;
}

async function insertUnordered(
  collection: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> },
  docs: object[],
): Promise<Map<number, boolean>> {
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Map();
  } catch (error) {
    const refused = refusedInserts(error);
    if (!refused || refused.some((r) => !r.duplicate)) throw error;
    return new Map(refused.map((r) => [r.index, true]));
  }
}

function mergeByDay(
  rows: readonly VisitRow[],
  source: string,
  calendar: ShopCalendar,
): Map<string, MergedVisit> {
  const visits = new Map<string, MergedVisit>();
  for (const row of rows) {
    const key = importedVisitKey(source, row.externalId, row.day);
    const at = new Date(calendar.startOf(row.day).getTime() + (row.minutes ?? 0) * 60_000);
    const existing = visits.get(key);
    if (!existing) {
      visits.set(key, {
        key,
        externalId: row.externalId,
        at,
        menus: row.menu !== undefined ? [row.menu] : [],
        ...(row.amount !== undefined ? { amount: row.amount } : {}),
        ...(row.staff !== undefined ? { staff: row.staff } : {}),
        ...(row.name !== undefined ? { name: row.name } : {}),
      });
      continue;
    }
    if (at < existing.at) existing.at = at;
    if (row.amount !== undefined) existing.amount = (existing.amount ?? 0) + row.amount;
    if (row.menu !== undefined && !existing.menus.includes(row.menu)) existing.menus.push(row.menu);
    existing.staff ??= row.staff;
    existing.name ??= row.name;
  }
  return visits;
}
