import type { ShopDay } from './shop-time.js';

/** The seasonal greetings Joren knows. */
export const seasonIds = ['new-year', 'kanchu', 'shochu', 'zansho', 'year-end'] as const;
export type SeasonId = (typeof seasonIds)[number];

/**
 * Greetings of one group are alternatives: a customer gets one per group and year. 寒中見舞い goes to
 * those who did not get the New Year greeting, 残暑見舞い to those who did not get 暑中見舞い, as
 * Japanese custom has it.
 */
export type SeasonGroup = 'winter' | 'summer' | 'year-end';

/** When a greeting may go: from and to are `MM-DD`, both included, within one calendar year. */
export interface SeasonWindow {
  id: SeasonId;
  group: SeasonGroup;
  from: string;
  to: string;
}

/** One window per greeting, in calendar order; a shop switches greetings off or moves their dates. */
export type SeasonCalendar = SeasonWindow[];

/** Japanese defaults: 年始 1–3 Jan, 寒中見舞い after 松の内 until 立春, 暑中見舞い mid-July to 立秋, 残暑見舞い to the end of August, 年末のご挨拶 late December. */
export const defaultSeasonCalendar: SeasonCalendar = [
  { id: 'new-year', group: 'winter', from: '01-01', to: '01-03' },
  { id: 'kanchu', group: 'winter', from: '01-08', to: '02-03' },
  { id: 'shochu', group: 'summer', from: '07-15', to: '08-06' },
  { id: 'zansho', group: 'summer', from: '08-07', to: '08-31' },
  { id: 'year-end', group: 'year-end', from: '12-25', to: '12-30' },
];

/** The greeting whose window contains `day`, if any. */
export function seasonOn(day: ShopDay, calendar: SeasonCalendar): SeasonWindow | undefined {
  const monthDay = day.slice(5);
  return calendar.find((season) => season.from <= monthDay && monthDay <= season.to);
}

/** The send-ledger period of a greeting: one per group and year (`summer-2027`). */
export function seasonPeriod(season: SeasonWindow, day: ShopDay): string {
  return `${season.group}-${day.slice(0, 4)}`;
}

/** The windows of a calendar that are open on some day from `from` to `to` (same year). */
export function seasonsBetween(from: ShopDay, to: ShopDay, calendar: SeasonCalendar): SeasonWindow[] {
  return calendar.filter((season) => season.from <= to.slice(5) && season.to >= from.slice(5));
}

/** The first two greetings whose windows overlap (`shochu and zansho`), if any: a day has one greeting. */
export function overlappingSeasons(
  seasons: readonly { id: string; from: string; to: string }[],
): string | undefined {
  const sorted = [...seasons].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.from <= sorted[i - 1]!.to) return `${sorted[i - 1]!.id} and ${sorted[i]!.id}`;
  }
  return undefined;
}
