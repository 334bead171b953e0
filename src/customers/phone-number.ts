/**
 * Japanese phone numbers as people type them — full-width digits, hyphens of every width, spaces,
 * brackets, `+81` — reduced to digits (`09012345678`), the key of the phone index. Undefined when
 * it is not a Japanese number (10 or 11 digits starting with 0).
 */
export function normalizePhone(text: string): string | undefined {
  const compact = text
    .normalize('NFKC')
    .replace(/[\s\-‐‑–—―ー－()（）.]/g, '')
    .replace(/^\+81/, '0');
  return /^0\d{9,10}$/.test(compact) ? compact : undefined;
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
