import type { OpsText } from './ops-ja.js';

/** /visit, /broadcast, the App Home and alerts in English (the same keys as ops-ja.ts). */
export const opsEn: OpsText = {
  usageVisit:
    '`/visit customer [menu] [amount]` — e.g. `/visit yamada cut 5,000円`, `/visit "Yamada Hanako" color ¥8800`',
  visitRecorded: ({ name }) => `✅ Visit recorded for ${name}.`,
  visitAlready: ({ name }) => `This visit was already recorded (${name}).`,
  visitDetails: ({ menu, amount }) =>
    [menu ? `Menu: ${menu}` : '', amount ? `Amount: ${amount}` : ''].filter(Boolean).join(' · '),
  followUpThanks: ({ at }) => `Thank-you message: planned for ${at}`,
  followUpSurvey: ({ at }) => `Survey: planned for ${at}`,
  noFollowUps: 'No thank-you or survey will be sent (not a LINE friend, or the visit is too long ago).',
  visitPickButton: 'Record',
  wonBack: '🎉 A lapsed customer came back (won back).',
  yen: ({ amount }) => `¥${amount.toLocaleString('en-US')}`,

  usageBroadcast: '`/broadcast` — opens the broadcast form (no arguments)',
  broadcastCounting: 'Counting recipients…',
  broadcastTitle: 'Broadcast',
  broadcastSubmit: 'Send',
  broadcastClose: 'Cancel',
  broadcastText: 'Message',
  broadcastTextHint: "Goes to customers' LINE as written (polite Japanese).",
  broadcastSegment: 'Send to',
  segmentAll: 'All friends',
  segmentLapsed: 'Lapsed customers',
  segmentBirthday: 'Birthday this month',
  segmentTag: 'By tag',
  segmentQuiet: 'Not contacted for a while',
  broadcastTag: 'Tag',
  broadcastDays: 'Days without contact',
  broadcastCount: ({ recipients, matched }) =>
    `*Recipients: ${recipients}* (of ${matched} matching, without opted-out customers, open complaints and those at their message cap)`,
  broadcastQuota: ({ uses, remaining }) => `Uses ${uses} LINE message(s) (left this month: ${remaining}).`,
  quotaUnknown: 'unknown',
  quotaUnlimited: 'no limit',
  broadcastPolicy:
    'Sending follows the usual contact rules: quiet hours wait for the morning; if the quota runs short, higher-priority touches go first.',
  broadcastNeedsTag: 'Please enter a tag.',
  broadcastNeedsDays: 'Please enter a number of days from 1 to 365.',
  broadcastNeedsText: 'Please write the message (up to 5000 characters).',
  broadcastNobody: 'Nobody matches these settings.',
  broadcastScheduled: ({ recipients }) =>
    `📣 Broadcast scheduled (${recipients} recipients). It goes out under the contact rules.`,
  broadcastOpened: 'Opened the broadcast form.',

  homeTitle: ({ day }) => `Joren — ${day}`,
  homeFollowUps: "Today's follow-ups",
  homeThanks: ({ count }) => `Thank-you messages: ${count}`,
  homeSurveys: ({ count }) => `Surveys: ${count}`,
  homeCases: 'Open complaint cases',
  homeNoCases: 'No open complaint cases.',
  homeCaseLine: ({ name, status, since }) => `• ${name} — ${status} (since ${since})`,
  homeLapsed: 'Lapsed customers',
  homeLapsedLine: ({ lapsed, trend }) => `${lapsed} ${trend}`,
  homeLapsedNoScan: 'No lapse scan has run yet (it runs every morning).',
  homeTrendUp: ({ delta, day }) => `(up ${delta} since ${day})`,
  homeTrendDown: ({ delta, day }) => `(down ${delta} since ${day})`,
  homeTrendFlat: ({ day }) => `(same as ${day})`,
  homeQuota: 'LINE quota (this month)',
  homeQuotaLine: ({ used, limit, remaining }) => `${used} used · limit ${limit} · left ${remaining}`,
  homeHelp: 'Commands: `/visit` `/broadcast` `/customer` `/joren help`',

  parkedTitle: 'A LINE event could not be processed and was parked',
};
