/** The mark left where a text was cut. */
export const CLIP_MARK = '…';

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * Fits a text into a field of at most `max` UTF-16 code units (what a mongoose `maxlength`, Slack's
 * and LINE's limits count), ending a cut text with `…`. It cuts between graphemes, so a surrogate
 * pair, an emoji sequence or a letter with its combining marks is never split; a single grapheme
 * longer than the room left is cut between code points instead, still never inside a surrogate pair.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - CLIP_MARK.length;
  if (room <= 0) return CLIP_MARK.slice(0, Math.max(0, max));
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  if (end === 0) {
    for (const codePoint of text) {
      if (end + codePoint.length > room) break;
      end += codePoint.length;
    }
  }
  return `${text.slice(0, end)}${CLIP_MARK}`;
}

/**
 * Room of the free-text fields customers fill (a complaint's words and wish, a survey comment, a
 * win-back reason, a wish): their models' `maxlength`. The conversation log keeps the whole message.
 */
export const WORDS_MAX = 2_000;

/** A customer's words fitted into a free-text field. */
export function clipWords(text: string): string {
  return clipText(text, WORDS_MAX);
}
