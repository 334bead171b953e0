import { normalizePhone, normalizePostalCode } from '../../customers/phone-number.js';
import type { VisitField, VisitRow } from './visit-rows.js';

/**
 * The optional contact columns of a row: a Japanese phone number (digits only), an e-mail address, a
 * postal code (123-4567) and an address. One that cannot be read is left out and named (never its
 * value: the summary may be shared).
 */
export function readContact(get: (field: VisitField) => string): {
  value?: NonNullable<VisitRow['contact']>;
  unreadable: string[];
} {
  const value: NonNullable<VisitRow['contact']> = {};
  const unreadable: string[] = [];
  const phone = get('phone');
  if (phone !== '') {
    const digits = normalizePhone(phone);
    if (digits) value.phone = digits;
    else unreadable.push('phone');
  }
  const email = get('email');
  if (email !== '') {
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) value.email = email;
    else unreadable.push('email');
  }
  const postal = get('postalCode');
  if (postal !== '') {
    const code = normalizePostalCode(postal);
    if (code) value.postalCode = code;
    else unreadable.push('postalCode');
  }
  const address = get('address');
  if (address !== '') value.address = address;
  return { ...(Object.keys(value).length > 0 ? { value } : {}), unreadable };
}
