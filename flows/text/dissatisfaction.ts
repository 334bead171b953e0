import { normalizeTyped } from './normalize.js';

/**
 * Expressions of dissatisfaction in Japanese. Each is matched in the customer's text; most are
 * cancelled by a negation right after them (「不満はありません」, 「最悪ではない」), some carry their
 * own negation and mean a complaint with it (「二度と行きません」).
 */
const EXPRESSIONS: { pattern: RegExp; negatable: boolean }[] = [
  { pattern: /不満/, negatable: true },
  { pattern: /最悪/, negatable: true },
  { pattern: /がっかり|ガッカリ/, negatable: true },
  { pattern: /不快/, negatable: true },
  { pattern: /失礼な(対応|態度|言い方|接客)/, negatable: true },
  { pattern: /腹が立|腹立た|頭にき|ムカつ|むかつ/, negatable: true },
  { pattern: /クレーム/, negatable: true },
  { pattern: /対応が(悪|ひど|遅|雑)/, negatable: true },
  { pattern: /態度が(悪|ひど|失礼)/, negatable: true },
  { pattern: /返金/, negatable: true },
  { pattern: /やり直し/, negatable: true },
  { pattern: /失敗され|ミスされ/, negatable: true },
  { pattern: /痛かった|痛みが/, negatable: true },
  { pattern: /二度と(行|来|使|頼|利用)/, negatable: false },
  { pattern: /もう(行|来|使|頼|利用)(か|き|わ)?(ない|ません)/, negatable: false },
];

/** Negations that cancel the expression just before them (within a few characters). */
const NEGATION_AFTER = /^.{0,6}?(ない|無い|なし|無し|ません|なかった|ではな|じゃな|でもな|不要|結構です)/;
/** Openers that say the message is not a complaint: 「クレームではないのですが」 is handled by the above. */
const NEGATION_BEFORE = /(特に|全く|まったく|何も|なんの|何の)$/;

export interface Dissatisfaction {
  dissatisfied: boolean;
  /** The expression that decided it (for staff and tests). */
  matched?: string;
}

/** Whether free text clearly expresses dissatisfaction, with care for negation. */
export function detectDissatisfaction(text: string): Dissatisfaction {
  const typed = normalizeTyped(text);
  for (const { pattern, negatable } of EXPRESSIONS) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of typed.matchAll(global)) {
      const start = match.index;
      const after = typed.slice(start + match[0].length);
      const before = typed.slice(Math.max(0, start - 4), start);
      const negated =
        negatable &&
        (NEGATION_AFTER.test(after.replace(/^(は|も|が|に|で|な)/, '')) || NEGATION_BEFORE.test(before));
      if (!negated) return { dissatisfied: true, matched: match[0] };
    }
  }
  return { dissatisfied: false };
}
