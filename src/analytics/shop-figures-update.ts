import { touchpointKinds, type Models } from '../db/models/index.js';
import { customerEvents, type LapseRule } from '../retention/customer-timeline.js';
import { activityByMonth, emptyActivity } from '../retention/feedback-metrics.js';
import type { ShopCalendar } from '../retention/shop-time.js';
import { monthOfDay, monthlyFlow } from '../retention/shop-metrics.js';
import type { CustomerFacts } from './visit-histories.js';
import { emptyVoiceMonth, silentMajority, voiceByMonth } from './voice-figures.js';
import { writeUpdates } from '../db/bulk-write.js';

type FigureModels = Pick<
  Models,
  'ShopFigures' | 'Survey' | 'ComplaintCase' | 'WinBack' | 'Message' | 'Referral' | 'Wish'
>;

/**
 * Recomputes the shop's monthly figures and stores one document per month (`_id` 'YYYY-MM') plus a
 * summary, so /stats reads a few documents by `_id`. The customer flow is re-derived from every
 * customer's visits with the rule of this scan; surveys, complaints, win-backs and touches are read
 * from their collections (scans, fine for the nightly job), and so are the figures of what customers
 * said back (survey response, referrals, wishes by month; the silent majority in the summary).
 */
export async function updateShopFigures(
  deps: { models: FigureModels; calendar: ShopCalendar; now: Date },
  customers: Iterable<CustomerFacts>,
  rule: LapseRule,
): Promise<{ months: number }> {
  const { models, calendar, now } = deps;
  const today = calendar.dayOf(now);
  const thisMonth = monthOfDay(today);
  const events = [];
  const standing: { id: string; following: boolean; visited: boolean; lapsed: boolean }[] = [];
  for (const c of customers) {
    const own = customerEvents(c.days, rule, today, c.blockedDay);
    events.push(...own);
    const following = c.status === 'following';
    standing.push({ id: c.id, following, visited: c.days.length > 0, lapsed: own.at(-1)?.kind === 'lost' });
  }
  const flow = monthlyFlow(events, thisMonth);

  const [ratings, complaints, winBacks, touches] = await Promise.all([
    models.Survey.find({ rating: { $exists: true } }, { rating: 1, ratedAt: 1, updatedAt: 1 }).lean(),
    models.ComplaintCase.find({}, { openedAt: 1, resolvedAt: 1, status: 1, customerId: 1 }).lean(),
    models.WinBack.find({}, { lapsedAt: 1, checkInSentAt: 1, repliedAt: 1, wonBackAt: 1, outcome: 1 }).lean(),
    models.Message.find(
      { direction: 'out', status: 'sent', purpose: { $in: [...touchpointKinds] } },
      { at: 1, sentAt: 1 },
    ).lean(),
  ]);
  const dayOf = (at: Date) => calendar.dayOf(at);
  const [voice, silent] = await Promise.all([
    voiceByMonth(models, (at) => monthOfDay(dayOf(at))),
    silentMajority(models, standing, new Set(complaints.map((c) => c.customerId))),
  ]);
  const activity = activityByMonth(
    {
      ratings: ratings.flatMap((s) =>
        s.rating !== undefined ? [{ rating: s.rating, ratedAt: s.ratedAt ?? s.updatedAt }] : [],
      ),
      complaints,
      winBacks,
      touches: touches.map((m) => m.sentAt ?? m.at),
    },
    dayOf,
  );
  const funnel = new Map<string, { lapsed: number; checkedIn: number; replied: number; wonBack: number }>();
  const funnelOf = (month: string) => {
    let f = funnel.get(month);
    if (!f) funnel.set(month, (f = { lapsed: 0, checkedIn: 0, replied: 0, wonBack: 0 }));
    return f;
  };
  for (const e of events) if (e.kind === 'lost') funnelOf(monthOfDay(e.day)).lapsed++;
  for (const w of winBacks) {
    const f = funnelOf(monthOfDay(dayOf(w.lapsedAt)));
    if (w.checkInSentAt) f.checkedIn++;
    if (w.repliedAt) f.replied++;
    if (w.outcome === 'won-back') f.wonBack++;
  }

  const writes = flow.map((m) => ({
    replaceOne: {
      filter: { _id: m.month },
      replacement: {
        _id: m.month,
        flow: { firstTime: m.firstTime, returned: m.returned, new: m.new, lost: m.lost, current: m.current },
        activity: activity.get(m.month) ?? emptyActivity(),
        funnel: funnel.get(m.month) ?? { lapsed: 0, checkedIn: 0, replied: 0, wonBack: 0 },
        voice: voice.get(m.month) ?? emptyVoiceMonth(),
        computedAt: now,
      },
      upsert: true,
    },
  }));
  writes.push({
    replaceOne: {
      filter: { _id: 'summary' },
      replacement: {
        _id: 'summary',
        openComplaints: complaints.filter((c) => c.status !== 'resolved').length,
        silent,
        firstMonth: flow[0]?.month ?? thisMonth,
        lastMonth: thisMonth,
        computedAt: now,
      } as never,
      upsert: true,
    },
  });
  await writeUpdates(writes, (chunk) => models.ShopFigures.bulkWrite(chunk as never[], { ordered: false }));
  return { months: flow.length };
}
