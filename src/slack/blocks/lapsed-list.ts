import type { LapsedPage, LapsedRow } from '../../analytics/lapsed-customers.js';
import { lapseReasons } from '../../analytics/lapsed-customers.js';
import type { StaffLanguage } from '../../config.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { encodeLapsedValue, type LapsedArgs } from '../lapsed/lapsed-arguments.js';
import { formatDate, formatMoment, type StaffText } from '../text/index.js';
import { kit, type Block, type SlackMessage } from './kit.js';

/** Action ids of the /lapsed buttons. */
export const LAPSED_ACTIONS = {
  checkIn: 'lapsed:check-in',
  snooze: 'lapsed:snooze',
  contacted: 'lapsed:contacted',
  next: 'lapsed:next',
} as const;

/** Check-in states after which "send now" has nothing left to do. */
const finished = new Set(['sent', 'replied', 'won-back', 'lost']);

export interface LapsedListView {
  t: StaffText;
  language: StaffLanguage;
  timeZone: string;
  args: LapsedArgs;
  /** A line above the list: what a button just did. */
  notice?: string;
}

/** The /lapsed answer: summary, one section and one row of buttons per customer, and "next". */
export function lapsedList(page: LapsedPage, view: LapsedListView): SlackMessage {
  const { t, timeZone, args } = view;
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const count = (n: number) => n.toLocaleString('en-US');
  const summary = t.lapsedSummary({
    lapsed: count(page.summary.lapsed),
    active: count(page.summary.active),
    share: percent(page.summary.share),
  });
  const filters = [
    ...(args.reason !== undefined
      ? [t.lapsedFilterReason({ reason: t.reasons[lapseReasons[args.reason - 1]!]! })]
      : []),
    ...(args.days !== undefined ? [t.lapsedFilterDays({ days: args.days })] : []),
  ];
  const from = (page.page - 1) * page.limit + 1;
  const position =
    page.rows.length > 0
      ? t.lapsedPage({
          page: page.page,
          from,
          to: from + page.rows.length - 1,
          total: page.total !== undefined ? count(page.total) : '?',
        })
      : t.lapsedNone;
  const blocks: Block[] = [
    ...(view.notice ? [kit.section(view.notice)] : []),
    kit.header(t.lapsedHeader),
    kit.section(`*${summary}*`),
    kit.context(
      ...[
        position,
        ...(filters.length > 0 ? [t.lapsedFilters({ filters: filters.join(' · ') })] : []),
        t.lapsedScanAt({
          at: formatMoment(page.scan.at, timeZone),
          method: t.lapsedMethod[page.scan.method] ?? page.scan.method,
        }),
      ],
    ),
  ];
  for (const row of page.rows) blocks.push(...rowBlocks(row, view));
  if (page.hasMore) {
    blocks.push(
      kit.actions(
        'lapsed:pages',
        kit.button(t.nextButton, LAPSED_ACTIONS.next, encodeLapsedValue({ ...args, page: page.page + 1 })),
      ),
    );
  }
  const text = [view.notice, summary, position].filter((part) => part).join('\n');
  return { text, blocks };
}

function rowBlocks(row: LapsedRow, view: LapsedListView): Block[] {
  const { t, timeZone, args, language } = view;
  const interval =
    row.usualIntervalDays !== undefined
      ? t.intervalDays({ days: Math.round(row.usualIntervalDays) })
      : t.oneVisitOnly;
  const state = [
    row.lastContactAt ? t.lastContact({ at: formatDate(row.lastContactAt, timeZone) }) : t.noContact,
    t.checkIn[row.checkIn.state],
    ...(row.checkIn.reason ? [t.reasons[row.checkIn.reason]] : []),
    ...(row.checkIn.snoozedUntil
      ? [t.snoozedUntil({ until: formatDate(row.checkIn.snoozedUntil, timeZone) })]
      : []),
    ...(row.checkIn.contactedAt
      ? [t.contactedByStaff({ at: formatDate(row.checkIn.contactedAt, timeZone) })]
      : []),
    ...(row.returnedSinceScan ? [t.returnedSinceScan] : []),
  ];
  const lines = [
    `*${row.rank}. ${escapeMrkdwn(row.name)}* · ${t.likelihood[row.likelihood]}`,
    t.lapsedLine({ last: formatDate(row.lastVisitAt, timeZone), interval, since: row.daysSince }),
    escapeMrkdwn(row.explanation[language]),
    state.join(' · '),
  ];
  const value = encodeLapsedValue(args, row.customerId);
  const buttons = [
    ...(finished.has(row.checkIn.state)
      ? []
      : [kit.button(t.checkInButton, LAPSED_ACTIONS.checkIn, value, { style: 'primary' })]),
    kit.button(t.snoozeButton, LAPSED_ACTIONS.snooze, value),
    kit.button(t.contactedButton, LAPSED_ACTIONS.contacted, value),
  ];
  return [kit.section(lines.join('\n')), kit.actions(`lapsed:row:${row.rank}`, ...buttons)];
}
