import { readCustomerScore } from '../../analytics/lapsed-customers.js';
import type { AppContext } from '../../context.js';
import type { Customer } from '../../db/models/index.js';
import { isDuplicateKeyError } from '../../errors.js';
import { audienceMember, audienceOf, type Audience, type LedgerRef } from '../../outreach/audience.js';
import { policySettings } from '../../outreach/outreach-stack.js';
import { decideContact, type PolicyReason } from '../../retention/contact-policy.js';
import { reason } from '../../retention/policy-reasons.js';
import { shopCalendar } from '../../retention/shop-calendar.js';
import { ledgerKey } from '../../retention/touchpoint-due.js';
import { historyDays } from '../../../scheduler/scheduler.js';

const DAY_MS = 86_400_000;
/** How long "snooze" holds the automatic check-in back. */
export const SNOOZE_DAYS = 30;

/** A lapsed customer's current episode, from the last lapse scan (never from what a button carried). */
export interface LapseEpisodeRef {
  customer: Customer;
  /** The WinBack `_id`: `<customerId>:<YYYY-MM-DD the episode began>`, as the lapse-scan job keys it. */
  episodeId: string;
  /** The episode's first shop day: also the send-ledger period of its check-in. */
  period: string;
  lapsedAt: Date;
}

export type CheckInOutcome =
  | { kind: 'sent' }
  | { kind: 'deferred'; until: Date | undefined }
  | { kind: 'refused'; reason: PolicyReason };

/** The customer and their current lapse episode, or null when they are unknown or not lapsed. */
export async function currentEpisode(app: AppContext, customerId: string): Promise<LapseEpisodeRef | null> {
  const [customer, score] = await Promise.all([
    app.models.Customer.findById(customerId).lean(),
    readCustomerScore(app.models, customerId),
  ]);
  if (!customer || !score?.lapsed || score.lapsedSinceDay === undefined) return null;
  const calendar = shopCalendar(app.config.shop.timezone);
  const period = calendar.isoDay(score.lapsedSinceDay);
  return {
    customer,
    episodeId: `${customerId}:${period}`,
    period,
    lapsedAt: calendar.startOf(score.lapsedSinceDay),
  };
}

/** Opens the episode's WinBack record if the lapse-scan job has not yet (a unique `_id` insert). */
async function ensureEpisode(app: AppContext, episode: LapseEpisodeRef): Promise<void> {
  try {
    await app.models.WinBack.create({
      _id: episode.episodeId,
      customerId: episode.customer._id,
      lapsedAt: episode.lapsedAt,
      outcome: 'pending',
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * "Snooze 30 days": the lapse-scan job's `winBackDue` reads `snoozedUntil` on the episode and sends
 * no check-in before then. Returns the end of the snooze.
 */
export async function snoozeCheckIn(app: AppContext, episode: LapseEpisodeRef): Promise<Date> {
  await ensureEpisode(app, episode);
  const until = new Date(app.clock.now().getTime() + SNOOZE_DAYS * DAY_MS);
  await app.models.WinBack.updateOne({ _id: episode.episodeId }, { $set: { snoozedUntil: until } });
  return until;
}

/**
 * "Mark contacted": staff got in touch themselves. `contactedAt` on the episode stops the automatic
 * check-in (`winBackDue`), and the customer's last contact moves forward for the regular touch.
 */
export async function markContacted(app: AppContext, episode: LapseEpisodeRef, by: string): Promise<void> {
  await ensureEpisode(app, episode);
  const now = app.clock.now();
  await app.models.WinBack.updateOne(
    { _id: episode.episodeId },
    { $set: { contactedAt: now, contactedBy: by } },
  );
  const last = episode.customer.lastContactAt;
  if (!last || last < now) {
    await app.models.Customer.updateOne({ _id: episode.customer._id }, { $set: { lastContactAt: now } });
  }
}

/**
 * "Send check-in now": the win-back check-in of this episode, through the contact policy and the
 * send ledger like the lapse-scan job's (same ledger key, so one check-in per episode whoever sends
 * it). The policy is asked first so staff read its reason in words; the send itself goes through the
 * outreach, which asks again, claims the ledger key and pushes.
 */
export async function sendCheckInNow(app: AppContext, episode: LapseEpisodeRef): Promise<CheckInOutcome> {
  const now = app.clock.now();
  const policy = policySettings(app.config);
  const audience = await audienceOfOne(app, episode.customer, now);
  const member = audience.customers[0];
  if (!member) return { kind: 'refused', reason: reason('not-on-line') };
  const key = ledgerKey('win-back', episode.period, member._id);
  const decision = decideContact(
    { kind: 'win-back', key, period: episode.period, now },
    {
      id: member._id,
      status: member.status,
      marketingOptOut: member.marketingOptOut,
      hasOpenComplaint: audience.openComplaints.has(member._id),
      birthday: member.birthday,
    },
    audience.history.get(member._id) ?? [],
    policy,
  );
  if (decision.verdict === 'skip') return { kind: 'refused', reason: decision.reasons[0]! };
  // A staff send has no job to run it again later: in quiet hours nothing goes, and staff are told when.
  if (decision.verdict === 'defer') return { kind: 'deferred', until: decision.sendAt };
  await ensureEpisode(app, episode);
  const report = await app.outreach.run({
    kind: 'win-back',
    runKey: `win-back:slack:${episode.episodeId}`,
    audience,
    candidates: [{ customer: member, period: episode.period, ref: episode.episodeId }],
    // One message a staff member asked for: no share of the month's budget to work out (LINE still
    // refuses past the plan's limit, and that is reported as quota-exhausted).
    budget: null,
  });
  if (report.sent > 0) return { kind: 'sent' };
  if (report.deferred > 0) return { kind: 'deferred', until: report.deferredUntil };
  const code = (Object.keys(report.skipped)[0] ?? 'uncertain') as PolicyReason['code'];
  return { kind: 'refused', reason: reason(code, code === 'already-sent' ? { period: episode.period } : {}) };
}

/**
 * The audience of one customer: their record, open complaint and send-ledger window. The ledger and
 * complaint reads scan on FerretDB; this runs when a staff member presses a button, never per send.
 */
async function audienceOfOne(app: AppContext, customer: Customer, now: Date): Promise<Audience> {
  const { models, config } = app;
  const since = new Date(now.getTime() - historyDays(config.scheduler) * DAY_MS);
  const [ledger, openCase] = await Promise.all([
    models.SendLedger.find(
      { customerId: customer._id, at: { $gte: since } },
      { customerId: 1, kind: 1, at: 1, batchId: 1, runKey: 1 },
    ).lean<LedgerRef[]>(),
    models.ComplaintCase.exists({ customerId: customer._id, status: { $ne: 'resolved' } }),
  ]);
  return audienceOf(audienceMember(customer), ledger, openCase !== null, now, config.shop.timezone);
}
