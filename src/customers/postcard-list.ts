import type { Customer, Models } from '../db/models/index.js';
import { csvText } from '../text/csv.js';
import { offLine } from './contact-tasks.js';

/**
 * The columns, in the order address-printing software for postcards (筆まめ, 宛名職人, 筆王) is
 * usually given an address book: name, honorific, postal code, address line 1 (prefecture to
 * street number), address line 2 (building). Their CSV import reads the header row and maps columns
 * by these standard Japanese names; see docs/visits-and-reach.md for the sources.
 */
export const POSTCARD_COLUMNS = ['氏名', '敬称', '郵便番号', '住所1', '住所2'] as const;

/** One addressee of a postcard. */
export interface PostcardRecipient {
  name: string;
  postalCode: string;
  address: string;
}

/**
 * Customers reachable only by post: LINE cannot reach them (import-only or blocked) and they have a
 * postal code and an address. A scan of the customers: a few times a year, by staff.
 */
export async function postcardRecipients(models: Pick<Models, 'Customer'>): Promise<PostcardRecipient[]> {
  const found = await models.Customer.find({
    status: { $in: ['unlinked', 'blocked'] },
    postalCode: { $exists: true },
    address: { $exists: true },
  }).lean();
  return found
    .filter((customer) => offLine(customer))
    .map((customer) => ({
      name: nameOf(customer),
      postalCode: customer.postalCode!,
      address: customer.address!,
    }))
    .sort((a, b) => a.postalCode.localeCompare(b.postalCode) || a.name.localeCompare(b.name, 'ja'));
}

/** The CSV for address-printing software (src/text/csv.ts: UTF-8 with a BOM, neutralised cells). */
export function postcardCsv(recipients: readonly PostcardRecipient[]): string {
  const rows = recipients.map((r) => {
    const [line1, line2] = splitAddress(r.address);
    return [r.name, '様', r.postalCode, line1, line2];
  });
  return csvText(POSTCARD_COLUMNS, rows);
}

/** Street and building: split at the first space (full or half width), as most address books write it. */
function splitAddress(address: string): [string, string] {
  const match = /^(\S+?)[\s\u3000]+(.+)$/u.exec(address.trim());
  return match ? [match[1]!, match[2]!.trim()] : [address.trim(), ''];
}

function nameOf(customer: Customer): string {
  return customer.displayName ?? customer.callName ?? customer._id;
}
