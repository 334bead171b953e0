import { wishThemes, type Models, type WishTheme } from '../db/models/index.js';

/** One month of what customers said back: surveys sent and answered, referrals, wishes by theme. */
export interface VoiceMonth {
  /** Surveys sent in the month, and how many of those were answered (a rating). */
  surveysSent: number;
  surveysAnswered: number;
  /** New customers brought by a referral code. */
  referrals: number;
  wishes: Record<WishTheme, number>;
}

/**
 * The silent majority, as of the scan: friends who visited and never wrote or answered anything, and
 * lapsed customers who never complained — next to the complaints, they show how few unhappy
 * customers say so.
 */
export interface SilentMajority {
  visited: number;
  visitedNeverAnswered: number;
  lapsed: number;
  lapsedNeverComplained: number;
}

export const emptyVoiceMonth = (): VoiceMonth => ({
  surveysSent: 0,
  surveysAnswered: 0,
  referrals: 0,
  wishes: Object.fromEntries(wishThemes.map((theme) => [theme, 0])) as Record<WishTheme, number>,
});

type VoiceModels = Pick<Models, 'Survey' | 'Referral' | 'Wish' | 'Message'>;

/**
 * Surveys, referrals and wishes by month (`monthOf` turns an instant into 'YYYY-MM' in shop time).
 * Each read scans its collection: the nightly scan's price, never a request's.
 */
export async function voiceByMonth(
  models: VoiceModels,
  monthOf: (at: Date) => string,
): Promise<Map<string, VoiceMonth>> {
  const [surveys, referrals, wishes] = await Promise.all([
    models.Survey.find({ sentAt: { $exists: true } }, { sentAt: 1, rating: 1 }).lean(),
    models.Referral.find({}, { at: 1 }).lean(),
    models.Wish.find({}, { at: 1, theme: 1 }).lean(),
  ]);
  const months = new Map<string, VoiceMonth>();
  const of = (at: Date) => {
    const month = monthOf(at);
    let figures = months.get(month);
    if (!figures) months.set(month, (figures = emptyVoiceMonth()));
    return figures;
  };
  for (const survey of surveys) {
    const figures = of(survey.sentAt!);
    figures.surveysSent++;
    if (survey.rating !== undefined) figures.surveysAnswered++;
  }
  for (const referral of referrals) of(referral.at).referrals++;
  for (const wish of wishes) of(wish.at).wishes[wish.theme]++;
  return months;
}

/**
 * Counts the silent majority among the scan's customers: `visited` friends who follow the shop and
 * have a visit, `lapsed` those the scan's rule calls lapsed. Who wrote anything comes from the
 * messages customers sent (a scan of the inbound log) and the surveys they rated.
 */
export async function silentMajority(
  models: VoiceModels,
  customers: Iterable<{ id: string; following: boolean; visited: boolean; lapsed: boolean }>,
  complainers: ReadonlySet<string>,
): Promise<SilentMajority> {
  const [inbound, rated] = await Promise.all([
    models.Message.collection.find({ direction: 'in' }, { projection: { customerId: 1 } }).toArray(),
    models.Survey.find({ rating: { $exists: true } }, { customerId: 1 }).lean(),
  ]);
  const spoke = new Set<string>([
    ...inbound.map((message) => String(message.customerId)),
    ...rated.map((survey) => survey.customerId),
  ]);
  const figures: SilentMajority = {
    visited: 0,
    visitedNeverAnswered: 0,
    lapsed: 0,
    lapsedNeverComplained: 0,
  };
  for (const customer of customers) {
    if (customer.following && customer.visited) {
      figures.visited++;
      if (!spoke.has(customer.id)) figures.visitedNeverAnswered++;
    }
    if (customer.lapsed) {
      figures.lapsed++;
      if (!complainers.has(customer.id)) figures.lapsedNeverComplained++;
    }
  }
  return figures;
}

/** What /stats shows of the voice figures for a period. */
export interface VoiceStats {
  surveys: { sent: number; answered: number; rate: number | undefined };
  referrals: { count: number; byMonth: { month: string; count: number }[] };
  wishes: Record<string, number>;
  silent: SilentMajority | undefined;
}

/** Adds up the period's months (a month without figures counts as none). */
export function voiceStats(
  months: { month: string; voice: Partial<VoiceMonth> | undefined }[],
  silent: SilentMajority | undefined,
): VoiceStats {
  let sent = 0;
  let answered = 0;
  const wishes: Record<string, number> = {};
  const byMonth = months.map(({ month, voice }) => {
    sent += voice?.surveysSent ?? 0;
    answered += voice?.surveysAnswered ?? 0;
    for (const [theme, count] of Object.entries(voice?.wishes ?? {}))
      wishes[theme] = (wishes[theme] ?? 0) + count;
    return { month, count: voice?.referrals ?? 0 };
  });
  return {
    surveys: { sent, answered, rate: sent > 0 ? answered / sent : undefined },
    referrals: { count: byMonth.reduce((sum, m) => sum + m.count, 0), byMonth },
    wishes,
    silent,
  };
}
