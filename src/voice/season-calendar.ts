import type { StoredSeasonWindow } from '../db/models/index.js';
import {
  defaultSeasonCalendar,
  overlappingSeasons,
  seasonIds,
  type SeasonCalendar,
  type SeasonId,
} from '../retention/seasons.js';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The greeting calendar in force: what staff set in Slack, else the environment's
 * (SEASONAL_GREETINGS, SEASONAL_WINDOWS). A greeting staff switched off is left out.
 */
export function calendarFrom(
  stored: StoredSeasonWindow[] | undefined,
  fallback: SeasonCalendar,
): SeasonCalendar {
  if (!stored) return fallback;
  return defaultSeasonCalendar.flatMap((season) => {
    const set = stored.find((window) => window.id === season.id);
    if (!set || set.off) return [];
    return [{ ...season, from: set.from, to: set.to }];
  });
}

/** One line of the calendar form as staff see it: `07-15..08-06`, or `off`. */
export function windowLine(calendar: SeasonCalendar, id: SeasonId): string {
  const season = calendar.find((window) => window.id === id);
  return season ? `${season.from}..${season.to}` : 'off';
}

export type CalendarProblem =
  { id: SeasonId; code: 'format' | 'order' } | { id: SeasonId; code: 'overlap'; with: string };

/**
 * Reads the calendar form (one `MM-DD..MM-DD` or `off` per greeting): the windows to store, or what
 * is wrong with which line — the same rules as SEASONAL_WINDOWS (within one year, no overlap).
 */
export function parseCalendarForm(
  lines: Partial<Record<SeasonId, string>>,
): { ok: true; seasons: StoredSeasonWindow[] } | { ok: false; problems: CalendarProblem[] } {
  const problems: CalendarProblem[] = [];
  const seasons: StoredSeasonWindow[] = [];
  for (const id of seasonIds) {
    const line = (lines[id] ?? '').normalize('NFKC').trim().toLowerCase();
    const base = defaultSeasonCalendar.find((season) => season.id === id)!;
    if (line === 'off' || line === 'なし' || line === '') {
      seasons.push({ id, from: base.from, to: base.to, off: true });
      continue;
    }
    const match = /^(\d\d-\d\d)\s*(?:\.\.|~|〜|-)\s*(\d\d-\d\d)$/.exec(line);
    if (!match || !MONTH_DAY.test(match[1]!) || !MONTH_DAY.test(match[2]!)) {
      problems.push({ id, code: 'format' });
      continue;
    }
    if (match[1]! > match[2]!) {
      problems.push({ id, code: 'order' });
      continue;
    }
    seasons.push({ id, from: match[1]!, to: match[2]! });
  }
  const on = seasons.filter((season) => !season.off);
  const overlap = problems.length === 0 ? overlappingSeasons(on) : undefined;
  if (overlap) {
    const [first, second] = overlap.split(' and ') as [SeasonId, string];
    problems.push({ id: first, code: 'overlap', with: second });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, seasons };
}
