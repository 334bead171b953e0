import type { NewLapseEpisode } from '../../src/analytics/lapse-scan.js';
import { refusedInserts } from '../../src/db/bulk-write.js';
import { addActivities } from '../../src/customers/customer-activity.js';
import type { Customer, Models, WinBack } from '../../src/db/models/index.js';
import { DAY_MS, atShopTime, shopDayOf, type ShopDay } from '../../src/retention/shop-time.js';
import { winBackDue } from '../../src/retention/touchpoint-due.js';

/** A lapse episode the scheduler knows of: the WinBack `_id` is `<customerId>:<YYYY-MM-DD>`. */
export type EpisodeRef = Pick<NewLapseEpisode, 'episodeId' | 'customerId' | 'lapsedAt'>;

/** An open episode whose check-in may go now, with the customer's full record (for the composer). */
export interface DueCheckIn {
  episode: WinBack;
  customer: Customer;
  period: ShopDay;
}

/**
 * The episode a WinBack `_id` names (customer ids may hold ':', the day never does). `midnights`
 * keeps each day's start for a caller reading many ids: time-zone maths per row added up to tens of
 * milliseconds of blocked event loop for a few thousand episodes.
 */
export function episodeFromId(
  episodeId: string,
  zone: string,
  midnights = new Map<string, Date>(),
): EpisodeRef | undefined {
  const cut = episodeId.lastIndexOf(':');
  const day = episodeId.slice(cut + 1);
  if (cut <= 0 || !/^\d{4}-\d\d-\d\d$/.test(day)) return undefined;
  let lapsedAt = midnights.get(day);
  if (!lapsedAt) midnights.set(day, (lapsedAt = atShopTime(day, '00:00', zone)));
  return { episodeId, customerId: episodeId.slice(0, cut), lapsedAt };
}

/**
 * Opens a WinBack document per episode (`outcome: 'pending'`); an episode already open is left as it
 * is (duplicate `_id`), so staff's snooze or "contacted" mark and a sent check-in are never reset.
 * Returns the episodes this call opened.
 */
export async function openEpisodes(
  models: Pick<Models, 'WinBack' | 'CustomerActivity'>,
  episodes: EpisodeRef[],
) {
  if (episodes.length === 0) return [];
  // Noted first, for every episode (idempotent): a crash between the two writes loses no id.
  await addActivities(
    models,
    'episodes',
    episodes.map((e) => ({ customerId: e.customerId, id: e.episodeId })),
  );
  const docs = episodes.map((e) => ({
    _id: e.episodeId,
    customerId: e.customerId,
    lapsedAt: e.lapsedAt,
    outcome: 'pending' as const,
  }));
  try {
    await models.WinBack.insertMany(docs, { ordered: false });
    return episodes;
  } catch (error) {
    const refusals = refusedInserts(error);
    if (!refusals?.every((refusal) => refusal.duplicate)) throw error;
    const taken = new Set(refusals.map((refusal) => refusal.index));
    return episodes.filter((_, index) => !taken.has(index));
  }
}

/**
 * The open episodes whose win-back check-in may go now: begun within `windowDays`, no check-in sent,
 * outcome still pending, not marked contacted by staff (`contactedAt`), not snoozed past now
 * (`snoozedUntil`), and the customer has not visited since the episode began. Reads the WinBack
 * documents of the window (a scan on FerretDB: once a day, over a collection that grows by the
 * shop's lapses) and each due customer by `_id`.
 */
export async function dueCheckIns(
  models: Pick<Models, 'WinBack' | 'Customer'>,
  now: Date,
  windowDays: number,
  zone: string,
): Promise<DueCheckIn[]> {
  const since = new Date(now.getTime() - (windowDays + 1) * DAY_MS);
  const open = await models.WinBack.find({ lapsedAt: { $gte: since } }).lean<WinBack[]>();
  const waiting = open.filter((episode) => {
    if (episode.outcome !== 'pending' || episode.checkInSentAt) return false;
    const assessment = { risk: 1, lapsed: true, lapsedSince: episode.lapsedAt };
    return winBackDue(assessment, episode, now, windowDays, zone).due;
  });
  const customers = await Promise.all(
    waiting.map((episode) => models.Customer.findById(episode.customerId).lean<Customer>()),
  );
  return waiting.flatMap((episode, index) => {
    const customer = customers[index];
    if (!customer) return [];
    // A visit since the lapse began ends the episode: nothing to check in on.
    if (customer.lastVisitAt && customer.lastVisitAt >= episode.lapsedAt) return [];
    return [{ episode, customer, period: shopDayOf(episode.lapsedAt, zone) }];
  });
}
