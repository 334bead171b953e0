import type { Customer, Models } from '../db/models/index.js';
import { unpackPayload, type OutreachBatch } from '../db/models/outreach-batch.model.js';
import { offlineContact, type CustomerFacts, type PastContact } from '../retention/contact-policy.js';
import { DAY_MS, addDays, atShopTime, daysBetween, shopDayOf, type ShopDay } from '../retention/shop-time.js';
import type { SchedulerConfig } from '../scheduler-config.js';
import { readingAhead } from './read-ahead.js';
import { activityIds, removeActivity } from '../customers/customer-activity.js';
import type { TouchpointKind } from '../db/models/index.js';

/** The customer fields touchpoints read (a projection keeps 100,000 customers in a few dozen MB). */
export type AudienceCustomer = Pick<
  Customer,
  | '_id'
  | 'status'
  | 'marketingOptOut'
  | 'birthday'
  | 'lastContactAt'
  | 'lastVisitAt'
  | 'firstVisitAt'
  | 'visitCount'
  | 'callName'
  | 'displayName'
  | 'followedAt'
  | 'tags'
  | 'mourningMarkedAt'
  | 'lastMenu'
>;

const projection = {
  status: 1,
  marketingOptOut: 1,
  birthday: 1,
  lastContactAt: 1,
  lastVisitAt: 1,
  firstVisitAt: 1,
  visitCount: 1,
  callName: 1,
  displayName: 1,
  followedAt: 1,
  tags: 1,
  mourningMarkedAt: 1,
  lastMenu: 1,
} as const;

/** A send-ledger entry as the audience sees it (no messages). */
export interface LedgerRef {
  _id: string;
  customerId: string;
  kind: TouchpointKind;
  at: Date;
  batchId: string;
  runKey: string;
}

/**
 * Everyone a scheduled run may reach, read once per run: customers who follow the shop, who has an
 * open complaint, and what the send ledger holds for the last `historyDays` days. On FerretDB each of
 * these reads scans its collection (~100 µs a document), which is fine once a day and never per send.
 */
export interface Audience extends AudienceContext {
  customers: AudienceCustomer[];
}

/** What a run knows besides the customers themselves: enough to decide about each one as it comes. */
export interface AudienceContext {
  now: Date;
  today: ShopDay;
  openComplaints: Set<string>;
  /** Ledger entries of the window, per customer. */
  history: Map<string, PastContact[]>;
  ledger: LedgerRef[];
}

/** An audience whose customers arrive as they are read (a run can start sending before the last). */
export interface AudienceStream extends AudienceContext {
  customers: AsyncIterableIterator<AudienceCustomer>;
}

type AudienceModels = Pick<
  Models,
  'Customer' | 'ComplaintCase' | 'SendLedger' | 'OutreachBatch' | 'ContactTask'
>;

export async function loadAudience(
  models: AudienceModels,
  now: Date,
  zone: string,
  historyDays: number,
): Promise<Audience> {
  const [context, customers] = await Promise.all([
    audienceContext(models, now, zone, historyDays),
    collect(followers(models.Customer)),
  ]);
  return { ...context, customers };
}

/**
 * The audience of run `runKey` with its customers streamed: the complaints and the ledger window are
 * read first (a decision needs them), while the customers' cursor already reads ahead — up to
 * `beforeDeciding` records until the window is read, then up to `readAhead` — so on a slow backend
 * the two scans overlap instead of adding up. On a rerun, the run's own claims come from its batch
 * records (see audienceContext).
 */
export async function streamAudience(
  models: AudienceModels,
  run: { runKey: string; now: Date; zone: string; historyDays: number },
  readAhead = AUDIENCE_READ_AHEAD,
  beforeDeciding = AUDIENCE_READ_AHEAD_BEFORE_DECIDING,
): Promise<AudienceStream> {
  const { runKey, now, zone, historyDays } = run;
  const customers = readingAhead(followers(models.Customer), Math.max(readAhead, beforeDeciding));
  try {
    const context = await audienceContext(models, now, zone, historyDays, runKey);
    customers.limit = readAhead;
    return { ...context, customers };
  } catch (error) {
    await customers.return?.();
    throw error;
  }
}

/**
 * Customers read ahead while a run decides and sends (compact records: about 300 bytes each): enough
 * that deciding never waits for the database, few enough that the scan keeps pace with the claims
 * instead of taking the database from them all at once.
 */
const AUDIENCE_READ_AHEAD = 5_000;

/** Customers read ahead while the ledger window is still being read (about 300 bytes each). */
const AUDIENCE_READ_AHEAD_BEFORE_DECIDING = 30_000;

/**
 * What the decisions need besides the customers. Given the run (`runKey`) they are for, a rerun's own
 * claims so far — most of the window after a crash, one ledger entry per customer — come from the
 * run's few batch records instead: the ledger read leaves them out (on FerretDB, which filters after
 * decoding, that halves its cost; on MongoDB the `at` index serves it). Its entries older than its
 * oldest batch (housekeeping removed the batch) are still read from the ledger, and keys a batch gave
 * back are not counted.
 */
async function audienceContext(
  models: AudienceModels,
  now: Date,
  zone: string,
  historyDays: number,
  runKey?: string,
): Promise<AudienceContext> {
  const since = new Date(now.getTime() - historyDays * DAY_MS);
  const [complaints, offline, { ledger, own }] = await Promise.all([
    models.ComplaintCase.find({ status: { $ne: 'resolved' } }, { customerId: 1 }).lean(),
    offlineContacts(models, since),
    (async () => {
      const own = runKey ? await claimsInBatches(models.OutreachBatch, runKey) : undefined;
      const window = { at: { $gte: since } };
      const filter = own?.from
        ? { ...window, $or: [{ runKey: { $ne: runKey } }, { at: { $lt: own.from } }] }
        : window;
      // The driver's collection directly: for 100,000 documents mongoose's query layer costs seconds.
      const ledger = (await models.SendLedger.collection
        .find(filter, { projection: { customerId: 1, kind: 1, at: 1, batchId: 1, runKey: 1 } })
        .toArray()) as unknown as LedgerRef[];
      return { ledger, own: own?.claims ?? [] };
    })(),
  ]);
  if (own.length > 0) {
    // A key in several of the run's batches (another process claimed it first) counts once, from the
    // earliest; one that another run claimed first was read from the ledger.
    const read = new Set(ledger.map((entry) => entry._id));
    const earliest = new Map<string, LedgerRef>();
    for (const entry of own) {
      const seen = earliest.get(entry._id);
      if (!read.has(entry._id) && entry.at >= since && (!seen || entry.at < seen.at)) {
        earliest.set(entry._id, entry);
      }
    }
    ledger.push(...earliest.values());
  }
  const history = new Map<string, PastContact[]>();
  for (const entry of ledger) {
    const list = history.get(entry.customerId);
    const contact = { kind: entry.kind, at: entry.at, key: entry._id };
    if (list) list.push(contact);
    else history.set(entry.customerId, [contact]);
  }
  for (const [customerId, contacts] of offline) {
    history.set(customerId, [...(history.get(customerId) ?? []), ...contacts]);
  }
  return {
    now,
    today: shopDayOf(now, zone),
    openComplaints: new Set(complaints.map((c) => c.customerId)),
    history,
    ledger,
  };
}

/**
 * A run's claims as its batch records hold them (each stored before its ledger entries, with the same
 * time), less the keys given back, and the time of its oldest batch still kept.
 */
async function claimsInBatches(
  OutreachBatch: AudienceModels['OutreachBatch'],
  runKey: string,
): Promise<{ claims: LedgerRef[]; from: Date | undefined }> {
  const batches = await OutreachBatch.find(
    { runKey },
    { kind: 1, packed: 1, createdAt: 1, released: 1 },
  ).lean<Pick<OutreachBatch, '_id' | 'kind' | 'packed' | 'createdAt' | 'released'>[]>();
  const claims: LedgerRef[] = [];
  let from: Date | undefined;
  for (const batch of batches) {
    if (!from || batch.createdAt < from) from = batch.createdAt;
    const released = new Set(batch.released ?? []);
    for (const entry of unpackPayload(batch.packed).entries ?? []) {
      if (released.has(entry.key)) continue;
      claims.push({
        _id: entry.key,
        customerId: entry.customerId,
        kind: batch.kind as TouchpointKind,
        at: batch.createdAt,
        batchId: batch._id,
        runKey,
      });
    }
  }
  return { claims, from };
}

/**
 * Calls and postcards staff marked done since `since` (contact tasks), per customer: they count in
 * the frequency caps. A scan of a collection of a few tasks a week.
 */
async function offlineContacts(
  models: Pick<Models, 'ContactTask'>,
  since: Date,
  customerId?: string,
): Promise<Map<string, PastContact[]>> {
  const done = await models.ContactTask.find(
    { status: 'done', doneAt: { $gte: since }, ...(customerId ? { customerId } : {}) },
    { customerId: 1, kind: 1, doneAt: 1 },
  ).lean();
  const byCustomer = new Map<string, PastContact[]>();
  for (const task of done) {
    if (!task.doneAt) continue;
    const contact = offlineContact({ _id: task._id, kind: task.kind, doneAt: task.doneAt });
    byCustomer.set(task.customerId, [...(byCustomer.get(task.customerId) ?? []), contact]);
  }
  return byCustomer;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of source) all.push(item);
  return all;
}

const NO_TAGS: string[] = [];

/**
 * The following customers as compact records of one shape, streamed from a cursor: a driver document
 * carries its own copy of every string and spills its fields into a second array, which at 100,000
 * customers is tens of MB more than the run needs.
 */
async function* followers(Customer: Pick<Models, 'Customer'>['Customer']): AsyncGenerator<AudienceCustomer> {
  const cursor = Customer.collection.find({ status: 'following' }, { projection, batchSize: 1_000 });
  for await (const raw of cursor) yield audienceMember(raw as unknown as AudienceCustomer);
}

/** A customer as an audience member: the fields touchpoints read, one shape, defaults filled in. */
function audienceMember(doc: AudienceCustomer): AudienceCustomer {
  return {
    _id: doc._id,
    status: doc.status,
    marketingOptOut: doc.marketingOptOut ?? false,
    birthday: doc.birthday,
    lastContactAt: doc.lastContactAt,
    lastVisitAt: doc.lastVisitAt,
    firstVisitAt: doc.firstVisitAt,
    visitCount: doc.visitCount ?? 0,
    callName: doc.callName,
    displayName: doc.displayName,
    followedAt: doc.followedAt,
    tags: doc.tags && doc.tags.length > 0 ? doc.tags : NO_TAGS,
    mourningMarkedAt: doc.mourningMarkedAt,
    lastMenu: doc.lastMenu,
  };
}

/** What the contact policy needs to know about an audience member. */
export function factsOf(
  audience: Pick<Audience, 'openComplaints'>,
  customer: AudienceCustomer,
): CustomerFacts {
  return {
    id: customer._id,
    status: customer.status,
    marketingOptOut: customer.marketingOptOut,
    hasOpenComplaint: audience.openComplaints.has(customer._id),
    birthday: customer.birthday,
  };
}

const NO_HISTORY: PastContact[] = [];

export function historyOf(audience: Pick<Audience, 'history'>, customerId: string): PastContact[] {
  return audience.history.get(customerId) ?? NO_HISTORY;
}

/** The last day the shop and the customer were in touch: a message sent, a visit, or following. */
export function lastContactDay(
  audience: Pick<Audience, 'history'>,
  customer: AudienceCustomer,
  zone: string,
): ShopDay | undefined {
  let latest = Math.max(
    customer.lastContactAt?.getTime() ?? 0,
    customer.lastVisitAt?.getTime() ?? 0,
    customer.followedAt?.getTime() ?? 0,
  );
  for (const past of historyOf(audience, customer._id)) latest = Math.max(latest, past.at.getTime());
  return latest > 0 ? shopDayOf(new Date(latest), zone) : undefined;
}

/** Messages of each kind sent in the 30 days before `today` (from the ledger window). */
export function sentLast30Days(audience: Audience, zone: string): Partial<Record<TouchpointKind, number>> {
  const from = atShopTime(addDays(audience.today, -30), '00:00', zone).getTime();
  const counts: Partial<Record<TouchpointKind, number>> = {};
  for (const entry of audience.ledger) {
    if (entry.at.getTime() >= from) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
  }
  return counts;
}

/** The audience of a single customer (a follow-up): their own ledger entries, no scan. */
export function audienceOf(
  customer: AudienceCustomer,
  ledger: LedgerRef[],
  hasOpenComplaint: boolean,
  now: Date,
  zone: string,
): Audience {
  return {
    now,
    today: shopDayOf(now, zone),
    customers: [customer],
    openComplaints: new Set(hasOpenComplaint ? [customer._id] : []),
    history: new Map([
      [customer._id, ledger.map((entry) => ({ kind: entry.kind, at: entry.at, key: entry._id }))],
    ]),
    ledger,
  };
}

/**
 * How far back runs read the send ledger: the frequency caps' month, the regular touch's gap, and the
 * longest season group (a summer greeting in July still counts on 31 August).
 */
export function historyDays(
  settings: Pick<SchedulerConfig, 'seasons' | 'frequencyCaps' | 'regularTouch'>,
): number {
  const groups = new Map<string, { from: string; to: string }>();
  for (const season of settings.seasons) {
    const known = groups.get(season.group);
    groups.set(season.group, {
      from: known && known.from < season.from ? known.from : season.from,
      to: known && known.to > season.to ? known.to : season.to,
    });
  }
  const spans = [...groups.values()].map((g) => daysBetween(`2001-${g.from}`, `2001-${g.to}`) + 1);
  const caps = settings.frequencyCaps.map((cap) => cap.days);
  return Math.max(31, settings.regularTouch.afterDays + 1, ...spans, ...caps) + 1;
}

/** Send-ledger entries read by `_id` at a time, newest first, until one is older than the window. */
const LEDGER_READS = 20;

/**
 * The audience of one customer, for a staff request (a button, an explanation): their record, open
 * complaint and send-ledger entries of the last `historyDays`, all read by `_id` from the ids their
 * activity document keeps (newest last: read backwards until the window ends). A customer older than
 * that document has the ids read once from the ledger and the cases (scans on FerretDB).
 */
export async function loadAudienceOfOne(
  models: Pick<Models, 'SendLedger' | 'ComplaintCase' | 'ContactTask' | 'CustomerActivity'>,
  customer: AudienceCustomer,
  now: Date,
  zone: string,
  historyDays: number,
): Promise<Audience> {
  const since = new Date(now.getTime() - historyDays * DAY_MS);
  const customerId = customer._id;
  const ids = await activityIds(models, customerId, {
    sends: async () =>
      (await models.SendLedger.find({ customerId }, { _id: 1 }).sort({ at: 1 }).lean()).map((e) => e._id),
    cases: async () =>
      (await models.ComplaintCase.find({ customerId, status: { $ne: 'resolved' } }, { _id: 1 }).lean()).map(
        (c) => c._id,
      ),
  });
  const [ledger, cases, offline] = await Promise.all([
    ledgerOf(models, customerId, ids.sends, since),
    Promise.all(
      ids.cases.map((id) => models.ComplaintCase.findById(id, { customerId: 1, status: 1 }).lean()),
    ),
    offlineContacts(models, since, customerId),
  ]);
  const openCase = cases.some((c) => c?.customerId === customerId && c.status !== 'resolved');
  const audience = audienceOf(audienceMember(customer), ledger, openCase, now, zone);
  for (const contact of offline.get(customerId) ?? []) audience.history.get(customerId)!.push(contact);
  return audience;
}

/** A customer's ledger entries since `since`, by `_id` from the newest key back; gone keys are dropped. */
async function ledgerOf(
  models: Pick<Models, 'SendLedger' | 'CustomerActivity'>,
  customerId: string,
  keys: string[],
  since: Date,
): Promise<LedgerRef[]> {
  const ledger: LedgerRef[] = [];
  const gone: string[] = [];
  for (let end = keys.length; end > 0; end -= LEDGER_READS) {
    const chunk = keys.slice(Math.max(0, end - LEDGER_READS), end);
    const found = await Promise.all(
      chunk.map((key) =>
        models.SendLedger.findById(key, {
          customerId: 1,
          kind: 1,
          at: 1,
          batchId: 1,
          runKey: 1,
        }).lean<LedgerRef>(),
      ),
    );
    let older = false;
    chunk.forEach((key, index) => {
      const entry = found[index];
      if (entry?.customerId !== customerId) gone.push(key);
      else if (entry.at >= since) ledger.push(entry);
      else older = true;
    });
    if (older) break;
  }
  await removeActivity(models, customerId, 'sends', gone);
  return ledger.sort((a, b) => a.at.getTime() - b.at.getTime());
}
