import { clipText } from '../text/clip-text.js';
import type { LineMessageContent } from './webhook-events.js';

const labels: Record<string, string> = {
  text: 'テキスト',
  sticker: 'スタンプ',
  image: '画像',
  video: '動画',
  audio: '音声',
  file: 'ファイル',
  location: '位置情報',
};

/**
 * A short, readable line for a received message of any type, for staff views and logs of the
 * conversation: text is shortened, other types are named ("[スタンプ] 了解" or "[画像]").
 */
export function summarizeIncoming(message: LineMessageContent): string {
  if (message.type === 'text') return shorten(message.text ?? '', 120);
  const label = labels[message.type] ?? message.type;
  switch (message.type) {
    case 'sticker':
      return message.keywords?.length
        ? `[${label}] ${message.keywords.slice(0, 3).join('・')}`
        : `[${label}]`;
    case 'file':
      return `[${label}] ${shorten(message.fileName ?? '', 60)}`.trimEnd();
    case 'location':
      return `[${label}] ${shorten(message.title ?? message.address ?? '', 60)}`.trimEnd();
    case 'audio':
    case 'video':
      return message.duration ? `[${label}] ${Math.round(message.duration / 1000)}秒` : `[${label}]`;
    default:
      return `[${label}]`;
  }
}

/** A readable line for a message object Joren sends. */
export function summarizeOutgoing(message: { type: string; text?: string; altText?: string }): string {
  if (message.type === 'text') return shorten(message.text ?? '', 120);
  if (message.altText) return `[${message.type}] ${shorten(message.altText, 100)}`;
  return `[${labels[message.type] ?? message.type}]`;
}

function shorten(text: string, max: number): string {
  return clipText(text.replace(/\s+/g, ' ').trim(), max);
}
