import type { StaffLanguage } from '../../config.js';
import { en } from './en.js';
import { ja, type StaffText } from './ja.js';

export type { StaffText } from './ja.js';

/** Staff-facing text in a language (Japanese unless a staff member or the shop chose English). */
export function staffText(language: StaffLanguage): StaffText {
  return language === 'en' ? en : ja;
}

/**
 * The answer to someone who is not staff. They have no language setting in Joren, so it is given in
 * both languages.
 */
export const notStaffRefusal =
  '申し訳ありません。Joren はお店のスタッフ専用です。必要な場合は管理者にお問い合わせください。\n' +
  "Sorry, Joren is for the shop's staff only. Please ask your admin if you need access.";

/** Dates as staff read them, in the shop's time zone: 2025/03/14. */
export function formatDate(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(date)
    .replace(/-/g, '/');
  return parts;
}

/** A moment as staff read it, in the shop's time zone: 3/14 15:05. */
export function formatMoment(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.month}/${parts.day} ${parts.hour}:${parts.minute}`;
}
