import type { types } from '@slack/bolt';
import { clip } from '../mrkdwn.js';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/** A message as Joren answers staff: the text (notifications, screen readers) and the blocks. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/** Block Kit, kept within Slack's limits (texts are clipped rather than refused). */
export const kit = {
  mrkdwn: (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, 3_000) }),
  plain: (text: string, max = 3_000): types.PlainTextElement => ({
    type: 'plain_text',
    text: clip(text, max),
    emoji: true,
  }),

  header: (text: string): Block => ({ type: 'header', text: kit.plain(text, 150) }),

  section: (text: string, accessory?: ButtonElement): Block => ({
    type: 'section',
    text: kit.mrkdwn(text),
    ...(accessory ? { accessory } : {}),
  }),

  /** Label and value pairs, two columns (at most ten). */
  fields: (pairs: [string, string][]): Block => ({
    type: 'section',
    fields: pairs
      .slice(0, 10)
      .map(([label, value]) => ({ type: 'mrkdwn', text: clip(`*${label}*\n${value}`, 2_000) })),
  }),

  context: (...texts: string[]): Block => ({
    type: 'context',
    elements: texts.slice(0, 10).map((text) => kit.mrkdwn(text)),
  }),

  actions: (blockId: string, ...buttons: ButtonElement[]): Block => ({
    type: 'actions',
    block_id: blockId,
    elements: buttons,
  }),

  divider: (): Block => ({ type: 'divider' }),

  button: (
    text: string,
    actionId: string,
    value: string,
    options: { style?: 'primary' | 'danger'; confirm?: types.ConfirmationDialog } = {},
  ): ButtonElement => ({
    type: 'button',
    text: kit.plain(text, 75),
    action_id: actionId,
    value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  }),
};
