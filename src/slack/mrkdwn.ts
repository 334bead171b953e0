import { clipText } from '../text/clip-text.js';

/**
 * Text crossing between LINE and Slack. Slack reads `&`, `<` and `>` as markup (`<!channel>` pings
 * everyone, `<https://…|label>` is a link), so anything a customer wrote is escaped before it is
 * posted; and what staff write in Slack arrives with Slack's markup, which a customer must not see.
 */

/** Escapes text for a Slack mrkdwn or plain_text field, as Slack's formatting docs require. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens text to `max` UTF-16 units (Block Kit fields have hard limits), never splitting a character. */
export const clip = clipText;

/**
 * What a staff member typed in Slack, as plain text for LINE: links become `label (url)` or the URL,
 * mentions their label (or nothing), and Slack's escapes are undone.
 */
export function slackToPlainText(text: string): string {
  return text
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_match, target: string, label: string) => {
      if (target.startsWith('mailto:')) return label;
      if (target.startsWith('#')) return `#${label}`;
      if (/^(@|!)/.test(target)) return label;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/<([^<>|]+)>/g, (_match, target: string) =>
      /^(@|#|!)/.test(target) ? '' : target.replace(/^mailto:/, ''),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
