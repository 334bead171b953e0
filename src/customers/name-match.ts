/**
 * Matching names the way staff type them: full- or half-width, katakana or hiragana, with or without
 * spaces, a letter off. Names in kanji match kanji (Joren has no readings to turn 山田 into やまだ).
 */

const SMALL_KANA: Record<string, string> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

/**
 * The form names are compared in: NFKC (full-width letters and digits, half-width katakana), lower
 * case, katakana as hiragana, small kana as large, and no spaces or separators. 「ﾔﾏﾀﾞ ﾊﾅｺ」,
 * 「ヤマダ ハナコ」 (with a full-width space) and 「やまだはなこ」 all become 「やまだはなこ」.
 */
export function searchForm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[ぁぃぅぇぉっゃゅょゎゕゖ]/g, (ch) => SMALL_KANA[ch] ?? ch)
    .replace(/[\s・･.\-_'’"“”「」()（）]/g, '');
}

/**
 * How well a query matches a name (both in search form): 100 the same, 90 the beginning, 80 inside
 * it, 60 one or two letters off the whole name, 50 a letter off a part of it; 0 no match.
 */
export function matchScore(query: string, name: string): number {
  if (!query || !name) return 0;
  if (name === query) return 100;
  if (name.startsWith(query)) return 90;
  if (name.includes(query)) return 80;
  if (query.length < 3) return 0;
  const allowed = query.length >= 6 ? 2 : 1;
  if (Math.abs(name.length - query.length) <= allowed && editDistance(query, name, allowed) <= allowed)
    return 60;
  if (name.length > query.length && closestWindow(query, name) <= 1) return 50;
  return 0;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The smallest edit distance between the query and any part of the name of about its length. */
function closestWindow(query: string, name: string): number {
  let best = Infinity;
  for (let size = query.length - 1; size <= query.length + 1; size++) {
    for (let start = 0; start + size <= name.length; start++) {
      best = Math.min(best, editDistance(query, name.slice(start, start + size), 1));
      if (best === 0) return 0;
    }
  }
  return best;
}
