import { createHmac } from 'node:crypto';
import { addDays, atShopTime, shopDayOf, type ShopDay } from '../retention/shop-time.js';

// No 0/O, 1/I/L: the code may be read aloud or typed from a photo of the counter QR.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/**
 * A check-in started a few minutes before midnight may arrive just after it: yesterday's code is
 * still taken for this long into the new shop day (the visit counts for the day the code was for).
 */
export const CHECK_IN_GRACE_MINUTES = 30;

/** The check-in code of a shop day: an HMAC of the day with the shop's own secret, 6 characters. */
export function checkInCode(secret: string, day: ShopDay): string {
  const digest = createHmac('sha256', secret).update(`check-in:${day}`).digest();
  return Array.from(digest.subarray(0, CODE_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** What the counter QR types into the chat: 「来店チェックイン ABC234」. */
export const checkInMessage = (code: string) => `来店チェックイン ${code}`;

const MESSAGE = /^来店(?:チェックイン)?[\s:：#＃]*([A-Z0-9]{6})$/;

/** The code in a message, if the whole message is a check-in (any width or case). */
export function checkInCodeIn(text: string): string | undefined {
  const match = MESSAGE.exec(text.normalize('NFKC').trim().toUpperCase());
  return match?.[1];
}

export type CodeVerdict = { valid: true; day: ShopDay } | { valid: false; reason: 'expired' | 'wrong' };

/**
 * Which shop day a code is for, if it may be used now: today's, or yesterday's within the grace
 * after midnight. A code of one of the previous seven days is `expired` (an old photo, a screenshot);
 * anything else is `wrong`.
 */
export function judgeCheckInCode(secret: string, code: string, now: Date, zone: string): CodeVerdict {
  const today = shopDayOf(now, zone);
  if (checkInCode(secret, today) === code) return { valid: true, day: today };
  const yesterday = addDays(today, -1);
  const graceEnds = atShopTime(today, '00:00', zone).getTime() + CHECK_IN_GRACE_MINUTES * 60_000;
  if (checkInCode(secret, yesterday) === code) {
    return now.getTime() < graceEnds ? { valid: true, day: yesterday } : { valid: false, reason: 'expired' };
  }
  for (let back = 2; back <= 7; back++) {
    if (checkInCode(secret, addDays(today, -back)) === code) return { valid: false, reason: 'expired' };
  }
  return { valid: false, reason: 'wrong' };
}
