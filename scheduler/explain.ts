import type { Models, OutreachSkip } from '../src/db/models/index.js';
import { activityIds } from '../src/customers/customer-activity.js';
import { episodesOf } from '../src/win-back/win-back-episodes.js';
import { historyOf, lastContactDay, loadAudienceOfOne } from '../src/outreach/audience.js';
import { explainDay, type DayExplanation } from '../src/retention/contact-explain.js';
import { atShopTime, monthOf, shopDayOf, type ShopDay } from '../src/retention/shop-time.js';
import type { StoredJob } from './agenda-jobs.js';
import type { JobContext } from './job-context.js';
import { NEW_LAPSE_WINDOW_DAYS } from './jobs/lapse-scan.job.js';

/** Recorded skips of the customer on that day (what actually happened), next to the policy's view. */
export interface CustomerExplanation extends DayExplanation {
  recorded: { kind: string; reason: string; at: Date }[];
}

/**
 * What the contact policy would send a customer on a day and why not, from the customer's record,
 * their send-ledger history, open complaints, the win-back episode, scheduled follow-ups and the
 * month's budget snapshot. Every read is by `_id` (the customer's activity document lists the ids).
 */
export async function explainCustomer(
  ctx: Pick<JobContext, 'models' | 'clock' | 'policy' | 'settings' | 'lapse' | 'seasons' | 'editions'>,
  followUps: StoredJob[],
  customerId: string,
  day?: ShopDay,
): Promise<CustomerExplanation | undefined> {
  const { models, policy, settings } = ctx;
  const zone = policy.timezone;
  const now = ctx.clock.now();
  const customer = await models.Customer.findById(customerId).lean();
  if (!customer) return undefined;
  const target = day ?? shopDayOf(now, zone);
  const at = atShopTime(target, settings.morningTime, zone);
  const [audience, lapse, episodes, skips, quota, seasons, edition] = await Promise.all([
    loadAudienceOfOne(models, customer, at, zone, 400),
    ctx.lapse.of(customerId),
    episodesOf(models, customerId),
    skipsOn(models, customerId, target, zone),
    models.LineQuota.findById(monthOf(target)).lean(),
    ctx.seasons(),
    ctx.editions.ofMonth(monthOf(target)),
  ]);
  const history = historyOf(audience, customerId).filter((entry) => entry.at < at);
  const explanation = explainDay({
    customer: {
      id: customer._id,
      status: customer.status,
      marketingOptOut: customer.marketingOptOut,
      hasOpenComplaint: audience.openComplaints.has(customerId),
      birthday: customer.birthday,
    },
    day: target,
    settings: {
      ...policy,
      morningTime: settings.morningTime,
      regular: settings.regularTouch,
      seasons,
      winBackWindowDays: NEW_LAPSE_WINDOW_DAYS,
    },
    history,
    lastContactDay: lastContactDay({ history: new Map([[customerId, history]]) }, customer, zone),
    lapse,
    winBack: episodes.sort((a, b) => b.lapsedAt.getTime() - a.lapsedAt.getTime())[0],
    followUps: followUps
      .filter((job) => job.nextRunAt && shopDayOf(job.nextRunAt, zone) === target)
      .map((job) => ({
        kind: job.name as 'post-visit-thanks' | 'post-visit-survey',
        visitId: (job.data as { visitId: string }).visitId,
        at: job.nextRunAt!,
      })),
    edition: edition ? edition._id : null,
    ...(quota && quota.limit !== null
      ? { budget: { state: { limit: quota.limit, used: quota.used }, forecast: quota.forecast ?? {} } }
      : {}),
  });
  const recorded = skips.map((skip) => ({ kind: skip.kind, reason: skip.reason, at: skip.at }));
  return { ...explanation, recorded };
}

/**
 * The customer's recorded skips of a shop day: their ids (`<ledger key>@<day>`) from the customer's
 * activity document, those of the day read by `_id`. Once per customer older than that document, the
 * ids are read from the skips by `customerId` (a scan on FerretDB).
 */
async function skipsOn(
  models: Pick<Models, 'OutreachSkip' | 'CustomerActivity'>,
  customerId: string,
  day: ShopDay,
  zone: string,
): Promise<OutreachSkip[]> {
  const { skips: ids } = await activityIds(models, customerId, {
    skips: async () =>
      (await models.OutreachSkip.find({ customerId }, { _id: 1 }).sort({ at: 1 }).lean()).map((s) => s._id),
  });
  const ofDay = ids.filter((id) => id.endsWith(`@${day}`));
  const found = await Promise.all(ofDay.map((id) => models.OutreachSkip.findById(id).lean<OutreachSkip>()));
  return found.filter(
    (skip): skip is OutreachSkip => skip?.customerId === customerId && shopDayOf(skip.at, zone) === day,
  );
}
