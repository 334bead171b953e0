import type { ReachText } from './reach-ja.js';

/** Visits and reach in English (the same keys as reach-ja.ts). */
export const reachEn: ReachText = {
  checkInHome: 'Check-in',
  checkInToday: ({ day, code }) =>
    `Today's code (${day}): *${code}*  A customer who scans the counter QR and sends it is checked in. The QR changes daily.`,
  checkInQrButton: 'Send the QR',
  checkInQrTitle: ({ day }) => `Check-in QR (${day})`,
  checkInQrComment: ({ user, day }) =>
    `<@${user}>, the check-in QR for ${day}. Print it or show it on a tablet at the counter (tomorrow has a new one).`,
  checkInQrPosted: ({ channel, code }) => `📷 Today's check-in QR (code ${code}) is posted in <#${channel}>.`,
  checkInQrFailed: "The QR could not be made (LINE's account info or Slack did not answer).",
  checkedIn: ({ name, at }) => `📍 ${name} checked in (${at})`,
  checkInFollowUps: 'Thank-you and survey scheduled.',
  undoButton: 'Undo',
  undone: ({ name, by }) =>
    `↩️ ${name}'s check-in undone (${by}). The visit and its scheduled thank-you and survey are removed.`,
  undoGone: 'This check-in was already undone.',

  linkButton: 'Link to LINE',
  linkIssued: ({ name, code, until }) =>
    `🔗 LINE link code for ${name}: *${code}* (valid until ${until}, once)\n` +
    'Let the customer scan the QR or send the code in LINE: their visit history joins that LINE friend.',
  linkQrTitle: ({ code }) => `LINE link code ${code}`,
  linkQrComment: ({ user }) => `LINE link QR issued by <@${user}> (show it to the customer).`,
  linkRefused: 'This customer is already linked to a LINE friend, or not an imported customer.',
  linked: ({ friend, history, visits, how }) =>
    `🔗 Imported customer *${history}* and LINE friend *${friend}* are now one (${how}). ${visits} visit(s) moved.`,
  linkedByCode: 'link code',
  linkedByPhone: 'phone match confirmed by staff',
  phoneMatch: ({ friend, history, phone }) =>
    `📞 LINE friend *${friend}* registered a phone number (${phone}) that matches imported customer *${history}*. The same person?`,
  phoneLinkButton: 'Link',
  phoneRejectButton: 'Not them',
  phoneLinked: ({ by }) => `✅ Confirmed by ${by} and linked. The customer was told on LINE.`,
  phoneRejected: ({ by }) => `✋ ${by} said these are different people. Not linked.`,
  proposalDecided: 'This was already decided.',

  usageTag: '`/joren tag customer +tag -tag` — e.g. `/joren tag yamada +regular -lapsed` (+ adds, - removes)',
  tagsButton: 'Edit tags',
  tagsTitle: 'Edit tags',
  tagsLabel: 'Tags (separated by commas or spaces)',
  tagsHint: 'Tags are what /broadcast "By tag" selects.',
  tagsSave: 'Save',
  tagsNow: ({ name, tags }) => `🏷️ Tags of ${name}: ${tags}`,

  complaintButton: 'Open a complaint',
  complaintTitle: 'Open a complaint',
  complaintHeard: 'Heard by',
  complaintHeardPhone: 'Phone',
  complaintHeardCounter: 'At the counter',
  complaintWords: "The customer's words (as far as known)",
  complaintSave: 'Open',
  complaintOpened: ({ name }) =>
    `🚨 Complaint opened for ${name}. Work through the five steps on its card in the staff channel.`,
  stepsTitle: 'The five steps (press to mark done / not done)',
  steps: {
    acknowledge: '1. Acknowledge the feeling',
    reassure: '2. Reassure it will be handled',
    apologise: '3. Apologise and thank them',
    ask: '4. Ask what would make it right',
    resolve: '5. Resolve and confirm they are satisfied',
  },
  followUpAsked: ({ at }) => `📨 Asked how things are, a week after the resolution (${at}). No answer yet.`,
  followUpAnswered: ({ rating, at }) =>
    `📝 Satisfaction a week after the resolution: *${rating} / 5* (${at})`,
  caseStalled: ({ owner, days }) =>
    `⏰ ${owner}this case has not moved for ${days} days. Please take the next step.`,
  caseStalledNoOwner: 'Nobody has taken it yet. ',
  caseStillUnhappy: ({ owner, rating }) =>
    `📞 ${owner}a week after the resolution the customer rated ${rating} / 5. They were told someone will contact them: please do.`,

  tasksHeader: ({ day }) => `This week's contact tasks (${day}) — customers LINE cannot reach`,
  tasksNone: 'No contact tasks this week for customers LINE cannot reach.',
  taskCall: ({ name, phone }) => `📞 Call *${name}* (not seen for a while) ${phone}`,
  taskCard: ({ name, due }) => `✉️ Birthday card for *${name}* (${due})`,
  taskDone: 'Done',
  taskNotNeeded: 'Not needed',
  taskMarked: ({ state, by }) => `${state} (${by})`,
  taskStateDone: '✅ Done',
  taskStateNotNeeded: '➖ Not needed',
  usagePostcards:
    '`/joren postcards` — address CSV of customers LINE cannot reach (imports into Fudemame, Atena Shokunin, Fudeo)',
  postcardsPosted: ({ count, channel }) => `📮 Address CSV (${count}) posted in <#${channel}>.`,
  postcardsNone: 'No customer is reachable only by post (an address and no LINE).',
  postcardsTitle: ({ day }) => `Address list ${day}`,
  postcardsFailed: 'The CSV could not be posted to Slack.',
};
