import { readCustomerScore } from '../analytics/lapsed-customers.js';
import type { Clock } from '../clock.js';
import type { Customer, Models, WinBack } from '../db/models/index.js';
import { activityIds, addActivity, removeActivity } from '../customers/customer-activity.js';
import { isDuplicateKeyError } from '../errors.js';
import { loadAudienceOfOne } from '../outreach/audience.js';
import type { Outreach } from '../outreach/outreach.js';
import { decideContact, type ContactPolicySettings } from '../retention/contact-policy.js';
import { reason, type PolicyReason } from '../retention/policy-reasons.js';
import { DAY_MS, shopCalendar } from '../retention/shop-time.js';
import { ledgerKey } from '../retention/touchpoint-due.js';

/** How long "snooze" holds the automatic check-in back. */
const SNOOZE_DAYS = 30;

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

/**
 * What staff do about a lapsed customer's episode (the buttons of /lapsed): send the win-back
 * check-in now, snooze it, or note that they got in touch themselves. The lapse-scan job's
 * `winBackDue` honours what these write on the episode's WinBack record.
 */
export class WinBackEpisodes {
  constructor(
    private readonly deps: {
      models: Pick<
        Models,
        | 'Customer'
        | 'WinBack'
        | 'LapseScan'
        | 'LapseScoreChunk'
        | 'SendLedger'
        | 'ComplaintCase'
        | 'ContactTask'
        | 'CustomerActivity'
      >;
      outreach: Pick<Outreach, 'run'>;
      policy: ContactPolicySettings;
      /** How far back the contact policy reads the send ledger (the scheduler's window). */
      historyDays: number;
      clock: Clock;
    },
  ) {}

  /** The customer and their current lapse episode, or null when they are unknown or not lapsed. */
  async current(customerId: string): Promise<LapseEpisodeRef | null> {
    const { models, policy } = this.deps;
    const [customer, score] = await Promise.all([
      models.Customer.findById(customerId).lean(),
      readCustomerScore(models, customerId),
    ]);
    if (!customer || !score?.lapsed || score.lapsedSinceDay === undefined) return null;
    const calendar = shopCalendar(policy.timezone);
    const period = calendar.isoDay(score.lapsedSinceDay);
    return {
      customer,
      episodeId: `${customerId}:${period}`,
      period,
      lapsedAt: calendar.startOf(score.lapsedSinceDay),
    };
  }

  /** "Snooze 30 days": no automatic check-in before the returned instant. */
  async snooze(episode: LapseEpisodeRef): Promise<Date> {
    await this.ensure(episode);
    const until = new Date(this.deps.clock.now().getTime() + SNOOZE_DAYS * DAY_MS);
    await this.deps.models.WinBack.updateOne({ _id: episode.episodeId }, { $set: { snoozedUntil: until } });
    return until;
  }

  /**
   * "Mark contacted": staff got in touch themselves. `contactedAt` on the episode stops the automatic
   * check-in, and the customer's last contact moves forward for the regular touch.
   */
  async markContacted(episode: LapseEpisodeRef, by: string): Promise<void> {
    const { models, clock } = this.deps;
    await this.ensure(episode);
    const now = clock.now();
    await models.WinBack.updateOne(
      { _id: episode.episodeId },
      { $set: { contactedAt: now, contactedBy: by } },
    );
    const last = episode.customer.lastContactAt;
    if (!last || last < now) {
      await models.Customer.updateOne({ _id: episode.customer._id }, { $set: { lastContactAt: now } });
    }
  }

  /**
   * "Send check-in now": the episode's win-back check-in through the contact policy and the send
   * ledger like the lapse-scan job's (same ledger key, so one check-in per episode whoever sends it).
   * The policy is asked first so staff read its reason in words; the send itself goes through the
   * outreach, which asks again, claims the ledger key and pushes.
   */
  async checkInNow(episode: LapseEpisodeRef): Promise<CheckInOutcome> {
    const { models, policy } = this.deps;
    const now = this.deps.clock.now();
    const audience = await loadAudienceOfOne(
      models,
      episode.customer,
      now,
      policy.timezone,
      this.deps.historyDays,
    );
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
    await this.ensure(episode);
    const report = await this.deps.outreach.run({
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
    return {
      kind: 'refused',
      reason: reason(code, code === 'already-sent' ? { period: episode.period } : {}),
    };
  }

  /** Opens the episode's WinBack record if the lapse-scan job has not yet (a unique `_id` insert). */
  private async ensure(episode: LapseEpisodeRef): Promise<void> {
    try {
      await this.deps.models.WinBack.create({
        _id: episode.episodeId,
        customerId: episode.customer._id,
        lapsedAt: episode.lapsedAt,
        outcome: 'pending',
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await addActivity(this.deps.models, episode.customer._id, 'episodes', [episode.episodeId]);
  }
}

/** Whether a visit at `visitAt` answers a check-in sent at `sentAt` (within the window after it). */
function winsBack(sentAt: Date | undefined, visitAt: Date, windowDays: number): boolean {
  const sent = sentAt?.getTime();
  return sent !== undefined && visitAt.getTime() >= sent && visitAt.getTime() - sent <= windowDays * DAY_MS;
}

/**
 * The customer's lapse episodes, read by `_id` from the ids their activity document keeps (the
 * lapse scan and staff's buttons note each episode they open). Once per customer older than that
 * document, the ids are read from the WinBack collection by `customerId` (a scan on FerretDB).
 */
export async function episodesOf(
  models: Pick<Models, 'WinBack' | 'CustomerActivity'>,
  customerId: string,
): Promise<WinBack[]> {
  const { episodes: ids } = await activityIds(models, customerId, {
    episodes: async () =>
      (await models.WinBack.find({ customerId }, { _id: 1 }).sort({ lapsedAt: 1 }).lean()).map((e) => e._id),
  });
  const found = await Promise.all(ids.map((id) => models.WinBack.findById(id).lean<WinBack>()));
  const gone = ids.filter((_, index) => found[index]?.customerId !== customerId);
  await removeActivity(models, customerId, 'episodes', gone);
  return found.filter((episode): episode is WinBack => episode?.customerId === customerId);
}

/**
 * A visit within the window after a check-in makes that lapse episode "won back" (the analytics
 * count them). Called whenever a visit is recorded (a check-in): reads by `_id` only.
 */
export async function markWonBack(
  models: Pick<Models, 'WinBack' | 'CustomerActivity'>,
  customerId: string,
  visitAt: Date,
  windowDays: number,
): Promise<number> {
  const episodes = (await episodesOf(models, customerId)).filter(
    (episode) => episode.outcome === 'pending' || episode.outcome === 'replied',
  );
  let won = 0;
  for (const episode of episodes) {
    if (!winsBack(episode.checkInSentAt, visitAt, windowDays)) continue;
    await models.WinBack.updateOne(
      { _id: episode._id },
      { $set: { outcome: 'won-back', wonBackAt: visitAt } },
    );
    won++;
  }
  return won;
}

/**
 * Undoes what a visit that staff removed had won back: each episode it marked goes back to where it
 * was (replied, if the customer had answered, else pending), unless another of the customer's
 * visits in the window wins it back too — then that visit counts. A rare staff correction: the
 * customer's visits are read by `customerId` (a scan on FerretDB).
 */
export async function unmarkWonBack(
  models: Pick<Models, 'WinBack' | 'Visit'>,
  removed: { customerId: string; at: Date },
  windowDays: number,
): Promise<number> {
  const episodes = await models.WinBack.find({
    customerId: removed.customerId,
    outcome: 'won-back',
    wonBackAt: removed.at,
  }).lean();
  if (episodes.length === 0) return 0;
  const visits = await models.Visit.find({ customerId: removed.customerId }, { at: 1 })
    .sort({ at: 1 })
    .lean();
  for (const episode of episodes) {
    const other = visits.find((visit) => winsBack(episode.checkInSentAt, visit.at, windowDays));
    await models.WinBack.updateOne(
      { _id: episode._id },
      other
        ? { $set: { wonBackAt: other.at } }
        : { $set: { outcome: episode.repliedAt ? 'replied' : 'pending' }, $unset: { wonBackAt: 1 } },
    );
  }
  return episodes.length;
}
