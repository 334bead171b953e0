/**
 * Japanese phone numbers as people type them — full-width digits, hyphens of every width, spaces,
 * brackets, `+81` — reduced to digits (`09012345678`), the key of the phone index. Undefined when
 * it is not a Japanese number (0 and 9 digits; 11 for mobile and IP numbers).
 */
export function normalizePhone(text: string): string | undefined {
  const compact = text
    .normalize('NFKC')
    .replace(/[\s\-‐‑–—―ー－()（）.]/g, '')
    .replace(/^\+81/, '0');
  // Mobile and IP numbers (050, 070, 080, 090) have 11 digits; every other Japanese number has 10.
  const length = /^0[5789]0/.test(compact) ? 11 : 10;
  return /^0\d+$/.test(compact) && compact.length === length ? compact : undefined;
}

/** A number as staff read it: 090-1234-5678, 03-1234-5678 (mobile and Tokyo/Osaka shapes; else as is). */
export function formatPhone(digits: string): string {
  if (/^0[5789]0\d{8}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  if (/^0[36]\d{8}$/.test(digits)) return `${digits.slice(0, 2)}-${digits.slice(2, 6)}-${digits.slice(6)}`;
  return digits;
}

/** A postal code as printed: 123-4567, from 1234567, １２３－４５６７ or 〒123-4567. */
export function normalizePostalCode(text: string): string | undefined {
  const digits = text.normalize('NFKC').replace(/[〒\s\-‐－ー]/g, '');
  return /^\d{7}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : undefined;
}
