import { normalizeTyped } from './normalize.js';

const WORDS: [RegExp, number][] = [
  [/^(とても|大変|すごく|非常に)?満足(です|でした|しました)?$/, 5],
  [/^(まあまあ|やや|わりと|まずまず)満足(です|でした)?$/, 4],
  [/^(普通|ふつう|まあまあ)(です|でした)?$/, 3],
  [/^(やや|少し|ちょっと)不満(です|でした)?$/, 2],
  [/^(とても|大変|すごく|非常に)?不満(です|でした)?$/, 1],
];

/**
 * A satisfaction rating typed instead of tapped: `5`, `５`, `★★★★`, `4点`, `5/5`, 「満足」… Returns
 * undefined when the text is not clearly a rating from 1 to 5.
 */
export function parseRating(text: string): number | undefined {
  const typed = normalizeTyped(text).replace(/\s/g, '');
  const digit = /^([1-5])(点|つ|\/5|です)?$/.exec(typed);
  if (digit) return Number(digit[1]);
  if (/^[★☆]+$/.test(typed)) {
    const stars = [...typed].filter((c) => c === '★').length;
    return stars >= 1 && stars <= 5 ? stars : undefined;
  }
  for (const [pattern, rating] of WORDS) if (pattern.test(typed)) return rating;
  return undefined;
}
