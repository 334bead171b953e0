import { normalizeTyped } from './normalize.js';

const GREETINGS =
  /^(こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう(ございます)?|はじめまして|初めまして|よろしく(お願いします|おねがいします)?|宜しくお願いします|ありがとう(ございます)?|お世話になります|hello|hi)[!！。.、]*$/i;
const SELF_INTRODUCTION =
  /(です|と申します|といいます|と言います|でお願いします|で(お願い)?します)[!！。.]*$/;

export type CallNameReading = { kind: 'name'; name: string } | { kind: 'greeting' } | { kind: 'not-a-name' };

/**
 * How a customer wants to be called, from what they typed when asked: 「山田です」 → 山田,
 * 「はなこ」 → はなこ. A greeting is recognised as one (so no one is called 「こんにちは様」), and
 * a sentence is not taken for a name.
 */
export function readCallName(text: string, maxLength: number): CallNameReading {
  const typed = normalizeTyped(text);
  if (GREETINGS.test(typed)) return { kind: 'greeting' };
  const name = typed
    .replace(SELF_INTRODUCTION, '')
    .replace(/[様さん]+$/, '')
    .trim();
  if (name.length === 0 || name.length > maxLength || /[。、!！?？\d@:/]/.test(name))
    return { kind: 'not-a-name' };
  return { kind: 'name', name };
}
