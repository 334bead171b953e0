/**
 * Text as customers type it, made comparable: full-width digits, letters and punctuation become
 * half-width (NFKC), katakana-ish variants of long marks and spaces are unified, and the whole is
 * trimmed. `３／１４` → `3/14`, `ＳＴＯＰ ` → `STOP`.
 */
export function normalizeTyped(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, (ch) => (ch === '\u30fc' || ch === '\uff70' ? 'ー' : '-'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-cased, spaces removed: for matching short commands like 「配信 停止」 or "Stop". */
export function commandForm(text: string): string {
  return normalizeTyped(text)
    .toLowerCase()
    .replace(/[\s。．.!！?？、,]/g, '');
}
