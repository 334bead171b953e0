import type { DataText } from './data-ja.js';

/** The shop's data in English (the same keys as data-ja.ts). */
export const dataEn: DataText = {
  channelExposed: ({ why }) =>
    `⚠️ *This staff channel can be read by people who are not staff (${why.join('; ')}).* ` +
    "They can read customers' messages, names and birthdays. Change it to a private channel in its settings and stop sharing it.",
  exposedPublic: 'a public channel every member of the workspace can read',
  exposedShared: 'shared with another workspace',
  exposedExternal: 'shared with another company (Slack Connect)',

  exportButton: 'Export data',
  usageExport:
    "`/joren export name or ID`: for the customer's disclosure request, everything Joren holds about them, as a file in your DMs",
  exportComment: ({ name }) =>
    `Everything Joren holds about ${name} (for a disclosure request). ` +
    'Keep it safe and do not forward it to a channel before handing it to them.',
  exportSent: ({ name }) => `📄 ${name}'s data is exported and sent to your DMs.`,
  exportFailed: 'The file could not be sent to Slack. Please try again in a moment.',
};
