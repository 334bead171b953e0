import { isoDay } from './shop-time.js';
import type { CustomerEvent } from './customer-timeline.js';

/** One month of the shop's customer arithmetic. `new` = first-time + returned; current = previous + new − lost. */
export interface MonthFlow {
  month: string;
  firstTime: number;
  returned: number;
  new: number;
  lost: number;
  current: number;
}

/** 'YYYY-MM' of a shop-local day number. */
export function monthOfDay(day: number): string {
  return isoDay(day).slice(0, 7);
}

/** The months from `from` to `to` inclusive ('YYYY-MM'). */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

/**
 * Monthly new / lost / current from every customer's events, from the first month with an event to
 * `lastMonth`. Every customer enters through a "new" event, so current starts at 0 and
 * current = previous + new − lost holds in every month.
 */
export function monthlyFlow(events: Iterable<CustomerEvent>, lastMonth: string): MonthFlow[] {
  const byMonth = new Map<string, { firstTime: number; returned: number; lost: number }>();
  let earliest: string | undefined;
  for (const e of events) {
    const month = monthOfDay(e.day);
    if (month > lastMonth) continue;
    if (earliest === undefined || month < earliest) earliest = month;
    const entry = byMonth.get(month) ?? { firstTime: 0, returned: 0, lost: 0 };
    if (e.kind === 'new') entry.firstTime++;
    else if (e.kind === 'returned') entry.returned++;
    else entry.lost++;
    byMonth.set(month, entry);
  }
  if (earliest === undefined) return [];
  let current = 0;
  return monthRange(earliest, lastMonth).map((month) => {
    const e = byMonth.get(month) ?? { firstTime: 0, returned: 0, lost: 0 };
    const gained = e.firstTime + e.returned;
    current = current + gained - e.lost;
    return { month, firstTime: e.firstTime, returned: e.returned, new: gained, lost: e.lost, current };
  });
}

/**
 * The share of customers lost over the twelve months ending with `months`' last entry: lost in those
 * months ÷ current at the start of the window (the average current when the shop is younger than
 * that). Undefined without customers.
 */
export function annualLossRate(months: readonly MonthFlow[]): number | undefined {
  if (months.length === 0) return undefined;
  const window = months.slice(-12);
  const lost = window.reduce((s, m) => s + m.lost, 0);
  const before = months.length > 12 ? months[months.length - 13]!.current : 0;
  const base = before > 0 ? before : window.reduce((s, m) => s + m.current, 0) / window.length;
  return base > 0 ? lost / base : undefined;
}

/**
 * The growth arithmetic: end = start + new − lost, so growing by `growth` with `lossRate` yearly loss
 * needs new customers worth lossRate + growth of the starting base.
 */
export function newCustomersNeeded(lossRate: number, growth: number, baseCustomers: number) {
  const share = lossRate + growth;
  const perYear = Math.max(0, share * baseCustomers);
  return { share, perYear: Math.ceil(perYear), perMonth: Math.ceil(perYear / 12) };
}

/** The growth arithmetic as staff read it, in Japanese and English. */
export function growthSentence(lossRate: number, growth: number, baseCustomers: number) {
  const need = newCustomersNeeded(lossRate, growth, baseCustomers);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return {
    ja: `年間の離反率が${pct(lossRate)}のとき、${pct(growth)}成長するには新規顧客が${pct(need.share)}（年${need.perYear}人・月${need.perMonth}人）必要です`,
    en: `With ${pct(lossRate)} yearly loss, growing ${pct(growth)} needs ${pct(need.share)} new customers (${need.perYear} a year, ${need.perMonth} a month)`,
  };
}
