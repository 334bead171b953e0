import type { commandsJa } from './commands-ja.js';

/** Staff text of /lapsed and /stats in English (the same keys as commands-ja.ts). */
export const commandsEn: typeof commandsJa = {
  usageLapsed:
    '`/lapsed [count] [--reason N] [--days N] [--page N]` — customers most likely lapsed first. ' +
    'Count 1–20 (default 10). `--reason` is the answer to the check-in: 1 timing / 2 something went wrong / ' +
    '3 circumstances changed / 4 other. `--days N`: last visit at least N days ago. E.g. `/lapsed 20 --days 60 --page 2`',
  usageStats: '`/stats [month|quarter|year]` — this month, quarter or year (default: month)',

  lapsedNoScan: ({ time }) =>
    `The lapse scan has not run yet. The scheduler runs it every morning at ${time} ` +
    '(visit history can be imported with `npm run import-visits`). Please try again after it has run.',
  lapsedHeader: 'Customers most likely lapsed',
  lapsedSummary: ({ lapsed, active, share }) => `Lapsed ${lapsed} / active ${active} · ${share} lapsed`,
  lapsedFilters: ({ filters }) => `Filters: ${filters}`,
  lapsedFilterReason: ({ reason }) => `answered “${reason}”`,
  lapsedFilterDays: ({ days }) => `last visit ${days}+ days ago`,
  lapsedPage: ({ page, from, to, total }) => `Page ${page} (${from}–${to} of ${total})`,
  lapsedNone: 'No lapsed customers match.',
  lapsedScanAt: ({ at, method }) => `Scan: ${at} (${method})`,
  lapsedMethod: { 'bg-nbd': 'BG/NBD model', overdue: 'interval rule' },
  lapsedLine: ({ last, interval, since }) =>
    `Last visit ${last} · usually every ${interval} · ${since} days ago`,
  intervalDays: ({ days }) => `~${days} days`,
  oneVisitOnly: 'one visit only',
  likelihood: { low: 'Unlikely to come back', fair: 'May not come back', high: 'Likely to come back' },
  lastContact: ({ at }) => `Last contact ${at}`,
  noContact: 'No contact',
  checkIn: {
    'not-sent': 'Check-in: not sent',
    snoozed: 'Check-in: snoozed',
    sent: 'Check-in: sent',
    replied: 'Check-in: replied',
    'won-back': 'Check-in: won back',
    lost: 'Check-in: lost',
  },
  reasons: {
    timing: 'timing',
    problem: 'something went wrong',
    changed: 'circumstances changed',
    other: 'other',
  },
  contactedByStaff: ({ at }) => `Contacted by staff (${at})`,
  snoozedUntil: ({ until }) => `snoozed until ${until}`,
  returnedSinceScan: '🎉 Visited since the scan',
  checkInButton: 'Send check-in now',
  snoozeButton: 'Snooze 30 days',
  contactedButton: 'Mark contacted',
  nextButton: 'Next ▶',
  checkInSent: ({ name }) => `✅ Sent the check-in to ${name}.`,
  checkInRefused: ({ name, why }) => `✋ Not sent to ${name}: ${why}`,
  checkInDeferred: ({ name, at }) =>
    `🌙 Quiet hours: nothing was sent to ${name}. Please press again after ${at}.`,
  checkInNotLapsed: 'This customer is not lapsed in the latest scan.',
  snoozed: ({ name, until }) => `💤 Snoozed the check-in to ${name} until ${until}.`,
  markedContacted: ({ name }) => `☑️ Marked ${name} as contacted: no automatic check-in will go.`,

  statsHeader: ({ period }) => `Shop figures (${period})`,
  statsPeriod: { month: 'this month', quarter: 'this quarter', year: 'this year' },
  statsNoData: ({ time }) =>
    `No figures yet. They are computed by the lapse scan every morning at ${time}. Please try again after it has run.`,
  statsCustomers: 'Customers',
  statsCustomersValue: ({ added, lost, net, current }) =>
    `New ${added} − lost ${lost} = ${net}\nCurrent ${current}`,
  statsWonBack: 'Won back',
  statsWonBackValue: ({ count, checkIns, rate }) => `${count} (${checkIns} check-ins · ${rate})`,
  statsSurveys: 'Surveys',
  statsSurveysValue: ({ average, count }) => `Average ${average} (${count})`,
  statsComplaints: 'Complaints',
  statsComplaintsValue: ({ open, median }) => `${open} open · median time to resolve ${median}`,
  statsLine: 'LINE messages (this month)',
  statsLineValue: ({ used, remaining }) => `${used} used · ${remaining} left`,
  statsLineUnlimited: 'no limit',
  statsLineUnknown: 'not read yet',
  statsHours: ({ hours }) => `${hours} h`,
  statsLossRate: ({ rate }) => `Yearly loss rate ${rate}`,
  statsComputedAt: ({ at }) => `Computed ${at}`,
  statsChartPosted: ({ channel }) => `📈 Posted the chart in <#${channel}>.`,
  statsChartFailed: 'The chart could not be posted (Slack did not take it). The figures are above.',
  statsChartTitle: ({ period }) => `Shop figures (${period})`,
  statsChartComment: ({ user }) => `The /stats chart for <@${user}>.`,
};
