import type { Models } from '../db/models/index.js';
import { combineActivity, emptyActivity, touchesPerActiveCustomer } from '../retention/feedback-metrics.js';
import type { ShopCalendar } from '../retention/shop-time.js';
import {
  annualLossRate,
  growthSentence,
  monthOfDay,
  monthRange,
  type MonthFlow,
} from '../retention/shop-metrics.js';
import { voiceStats, type VoiceStats } from './voice-figures.js';

export type StatsPeriod = 'month' | 'quarter' | 'year';

/** What /stats shows for one period. */
export interface ShopStats {
  period: StatsPeriod;
  /** The months the period covers ('YYYY-MM'), up to the current month. */
  months: string[];
  customers: { new: number; firstTime: number; returned: number; lost: number; current: number };
  wonBack: { count: number; checkIns: number; rate: number | undefined };
  surveys: { count: number; average: number | undefined; distribution: number[] };
  complaints: { opened: number; resolved: number; open: number; medianHoursToResolve: number | undefined };
  touchesPerActiveCustomer: number | undefined;
  /** Share of customers lost over the last twelve months, and what growing `growthTarget` would take. */
  annualLossRate: number | undefined;
  growth: { target: number; ja: string; en: string } | undefined;
  /** LINE messages this month, as the caller passed them in. */
  line: { used: number; remaining: number } | undefined;
  /** The last twelve months of new / lost / current, for the chart. */
  trend: MonthFlow[];
  /** The lapse funnel of the period: lapsed → checked in → replied → won back. */
  funnel: { lapsed: number; checkedIn: number; replied: number; wonBack: number };
  /** Survey response, referrals and wishes of the period; the silent majority as of the last scan. */
  voice: VoiceStats;
  computedAt: Date;
}

/**
 * The shop's figures for the month, quarter or year that contains `now`, from the monthly documents
 * the lapse scan keeps (one `$in` by `_id` over a collection of a few dozen documents). Null before
 * the first scan.
 */
export async function readShopStats(
  deps: { models: Pick<Models, 'ShopFigures'>; calendar: ShopCalendar; now: Date },
  period: StatsPeriod = 'month',
  extra: { line?: { used: number; remaining: number }; growthTarget?: number } = {},
): Promise<ShopStats | null> {
  const { models, calendar } = deps;
  const thisMonth = monthOfDay(calendar.dayOf(deps.now));
  const [year, month] = thisMonth.split('-').map(Number) as [number, number];
  const firstOfPeriod =
    period === 'month'
      ? thisMonth
      : period === 'quarter'
        ? `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`
        : `${year}-01`;
  const periodMonths = monthRange(firstOfPeriod, thisMonth);
  const yearBack = monthRange(shiftMonth(thisMonth, -12), thisMonth);
  const ids = [...new Set(['summary', ...periodMonths, ...yearBack])];
  const docs = await models.ShopFigures.find({ _id: { $in: ids } }).lean();
  const byId = new Map(docs.map((d) => [d._id, d]));
  const summary = byId.get('summary');
  if (!summary) return null;

  const flowOf = (m: string): MonthFlow => {
    const f = byId.get(m)?.flow;
    if (f) return { month: m, ...f };
    // A month without a document: before the shop's first customer (0), or a gap (carry current).
    const previous = m > (summary.firstMonth ?? m) ? (byId.get(shiftMonth(m, -1))?.flow?.current ?? 0) : 0;
    return { month: m, firstTime: 0, returned: 0, new: 0, lost: 0, current: previous };
  };
  const inPeriod = periodMonths.map(flowOf);
  const trend = yearBack.map(flowOf);
  const activity = combineActivity(
    periodMonths.map((m) => byId.get(m)?.activity ?? emptyActivity()) as never,
  );
  const funnel = { lapsed: 0, checkedIn: 0, replied: 0, wonBack: 0 };
  for (const m of periodMonths) {
    const f = byId.get(m)?.funnel;
    if (f) for (const key of Object.keys(funnel) as (keyof typeof funnel)[]) funnel[key] += f[key];
  }
  const sum = (key: 'new' | 'firstTime' | 'returned' | 'lost') => inPeriod.reduce((s, m) => s + m[key], 0);
  const current = inPeriod.at(-1)?.current ?? 0;
  // Loss over the months that have happened (the shop may be younger than a year).
  const history = trend.filter((m) => m.month >= (summary.firstMonth ?? m.month));
  const lossRate = annualLossRate(history.length > 0 ? history : trend);
  const growthTarget = extra.growthTarget ?? 0.1;
  return {
    period,
    months: periodMonths,
    customers: {
      new: sum('new'),
      firstTime: sum('firstTime'),
      returned: sum('returned'),
      lost: sum('lost'),
      current,
    },
    wonBack: {
      count: activity.winBack.wonBack,
      checkIns: activity.winBack.checkIns,
      rate: activity.winBack.rate,
    },
    surveys: activity.surveys,
    complaints: { ...activity.complaints, open: summary.openComplaints ?? 0 },
    touchesPerActiveCustomer: touchesPerActiveCustomer(
      activity.touches,
      inPeriod.map((m) => m.current),
    ),
    annualLossRate: lossRate,
    growth:
      lossRate !== undefined
        ? { target: growthTarget, ...growthSentence(lossRate, growthTarget, current) }
        : undefined,
    line: extra.line,
    trend,
    funnel,
    voice: voiceStats(
      periodMonths.map((month) => ({ month, voice: byId.get(month)?.voice })),
      summary.silent,
    ),
    computedAt: summary.computedAt,
  };
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
