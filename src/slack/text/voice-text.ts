import type { StaffLanguage } from '../../config.js';
import { en } from './en.js';
import type { StaffText } from './ja.js';
import { voiceEn } from './voice-en.js';
import { voiceJa, type VoiceText } from './voice-ja.js';

export type { VoiceText } from './voice-ja.js';

/** The voice texts in a staff member's language. */
export function voiceText(language: StaffLanguage): VoiceText {
  return language === 'en' ? voiceEn : voiceJa;
}

/** The voice texts in the language of these staff texts (a handler that has only `t`). */
export function voiceTextFor(t: StaffText): VoiceText {
  return t === en ? voiceEn : voiceJa;
}

/** The language these staff texts are in. */
export function languageOf(t: StaffText): StaffLanguage {
  return t === en ? 'en' : 'ja';
}
