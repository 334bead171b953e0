import { dayNumber, isRealDate } from '../../retention/shop-time.js';

/** One purchase record of the CDNOW format: `customer_id  YYYYMMDD  quantity  amount`. */
export interface CdnowRecord {
  line: number;
  customer: string;
  /** Calendar day number of the date (days since 1970-01-01). */
  day: number;
  quantity: number;
  amount: number;
}

/** A line that could not be used, with its 1-based number and why. */
export interface RejectedLine {
  line: number;
  reason: string;
}

/** Checks a YYYYMMDD string is a real calendar date; its day number, or undefined. */
function parseCompactDate(text: string): number | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  const date = {
    year: Number(text.slice(0, 4)),
    month: Number(text.slice(4, 6)),
    day: Number(text.slice(6, 8)),
  };
  return isRealDate(date) ? dayNumber(date.year, date.month, date.day) : undefined;
}

/**
 * Parses the CDNOW record format (whitespace-separated; the master file starts with a header line,
 * which is recognised and skipped). Blank lines are skipped; every other unusable line is rejected with
 * its reason.
 */
export function parseCdnow(text: string): { records: CdnowRecord[]; rejected: RejectedLine[] } {
  const records: CdnowRecord[] = [];
  const rejected: RejectedLine[] = [];
  const lines = text.split(/\r?\n/);
  let seenData = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    const fields = raw.split(/\s+/);
    if (!seenData && !/^\d/.test(fields[0]!)) {
      seenData = true; // a header line before the first record
      continue;
    }
    seenData = true;
    if (fields.length !== 4) {
      rejected.push({
        line,
        reason: `expected 4 fields (id, date, quantity, amount), found ${fields.length}`,
      });
      continue;
    }
    const [customer, date, quantityText, amountText] = fields as [string, string, string, string];
    if (!/^\d{1,20}$/.test(customer)) {
      rejected.push({ line, reason: `customer id "${customer.slice(0, 20)}" is not a number` });
      continue;
    }
    const day = parseCompactDate(date);
    if (day === undefined) {
      rejected.push({ line, reason: `date "${date.slice(0, 20)}" is not a YYYYMMDD date` });
      continue;
    }
    const quantity = Number(quantityText);
    const amount = Number(amountText);
    if (!Number.isInteger(quantity) || quantity < 0) {
      rejected.push({ line, reason: `quantity "${quantityText.slice(0, 20)}" is not a whole number` });
      continue;
    }
    if (!Number.isFinite(amount) || amount < 0) {
      rejected.push({ line, reason: `amount "${amountText.slice(0, 20)}" is not a number` });
      continue;
    }
    records.push({ line, customer: String(Number(customer)), day, quantity, amount });
  }
  return { records, rejected };
}

/** Groups CDNOW records into one visit-day list per customer (the lapse model's input). */
export function cdnowHistories(records: readonly CdnowRecord[]): { id: string; days: number[] }[] {
  const byCustomer = new Map<string, number[]>();
  for (const r of records) {
    const days = byCustomer.get(r.customer);
    if (days) days.push(r.day);
    else byCustomer.set(r.customer, [r.day]);
  }
  return [...byCustomer].map(([id, days]) => ({ id, days }));
}
