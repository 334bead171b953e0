import { createHash } from 'node:crypto';

/**
 * A UUID-formatted X-Line-Retry-Key derived from a stable send key, so a retried send (after a
 * crash, a 5xx, a timeout) carries the same key and LINE accepts it at most once.
 */
export function retryKeyFor(sendKey: string): string {
  const hex = createHash('sha256').update(`joren:${sendKey}`).digest('hex');
  // Shape it as an RFC 4122 version 5-style UUID (variant 10xx).
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
