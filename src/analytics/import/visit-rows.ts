import type { RejectedLine } from '../formats/cdnow-format.js';
import { dayNumber } from '../../retention/shop-time.js';
import { readWrittenDate } from '../../text/japanese-date.js';
import { readCsv } from './csv-reader.js';
import { readContact } from './contact-columns.js';

/** What a column of a visit-history file can mean. `customer` and `date` are required. */
export const visitFields = [
  'customer',
  'date',
  'time',
  'name',
  'amount',
  'menu',
  'staff',
  'phone',
  'email',
  'postalCode',
  'address',
] as const;
export type VisitField = (typeof visitFields)[number];

/** One usable row: a customer's visit on a shop-local calendar day. */
export interface VisitRow {
  line: number;
  externalId: string;
  /** Calendar day number (days since 1970-01-01) of the visit at the shop. */
  day: number;
  /** Minutes after midnight, when the file has a time. */
  minutes?: number;
  name?: string;
  amount?: number;
  menu?: string;
  staff?: string;
  /** Contact details, when the file has them (optional columns): for calls, postcards, linking. */
  contact?: { phone?: string; email?: string; postalCode?: string; address?: string };
}

/** Column names recognised without a --map (compared after NFKC and lower-casing). */
const knownHeaders: Record<VisitField, string[]> = {
  customer: [
    'customer',
    'customer_id',
    'customerid',
    'customer id',
    'id',
    '顧客id',
    '顧客番号',
    '会員番号',
    '会員id',
    'お客様番号',
  ],
  date: ['date', 'visit_date', 'visited_at', '来店日', '日付', '来店日時', '利用日'],
  time: ['time', '時刻', '来店時刻', '時間'],
  name: ['name', 'customer_name', '氏名', 'お名前', '名前', '顧客名'],
  amount: ['amount', 'total', '金額', '売上', '会計金額', '合計', '合計金額'],
  menu: ['menu', 'メニュー', '施術内容', '内容', '商品'],
  staff: ['staff', '担当', '担当者', 'スタッフ'],
  phone: ['phone', 'tel', 'telephone', 'phone number', '電話番号', '電話', '携帯', '携帯番号', 'tel番号'],
  email: ['email', 'e-mail', 'mail', 'メール', 'メールアドレス', 'eメール'],
  postalCode: ['postal_code', 'postal code', 'postcode', 'zip', 'zipcode', '郵便番号', '〒'],
  address: ['address', '住所', 'ご住所'],
};

const MAX_FIELD = 1000;
const limits: Partial<Record<VisitField, number>> = {
  customer: 64,
  name: 100,
  menu: 100,
  staff: 60,
  phone: 30,
  email: 254,
  postalCode: 10,
  address: 200,
};

/** Full-width digits and letters to ASCII, trimmed (Japanese spreadsheets mix both). */
const normalize = (value: string) => value.normalize('NFKC').trim();

/** Which column holds which field: explicit --map entries first, then recognised header names. */
function mapColumns(
  header: readonly string[],
  explicit: ReadonlyMap<string, VisitField>,
): { columns: Map<VisitField, number> } | { error: string } {
  const columns = new Map<VisitField, number>();
  const names = header.map((h) => normalize(h));
  for (const [column, field] of explicit) {
    const index = names.indexOf(normalize(column));
    if (index < 0)
      return { error: `--map names column "${column}", which is not in the header (${names.join(', ')})` };
    columns.set(field, index);
  }
  names.forEach((name, index) => {
    const lower = name.toLowerCase();
    for (const field of visitFields) {
      if (
        !columns.has(field) &&
        knownHeaders[field].includes(lower) &&
        ![...columns.values()].includes(index)
      ) {
        columns.set(field, index);
      }
    }
  });
  const missing = (['customer', 'date'] as const).filter((f) => !columns.has(f));
  if (missing.length > 0) {
    return {
      error:
        `no column for ${missing.join(' and ')} in the header (${names.join(', ') || 'empty'}); ` +
        `name it with --map, for example --map 会員番号=customer --map 来店日=date`,
    };
  }
  return { columns };
}

/** Parses a date (2025-01-31, 2025/1/31, 2025年1月31日, 20250131, optionally with a time). */
export function parseVisitDate(text: string): { day: number; minutes?: number } | undefined {
  const read = readWrittenDate(normalize(text), { withTime: true });
  if (!read.ok) return undefined;
  const { year, month, day, time } = read.date;
  const dayNo = dayNumber(year!, month, day);
  return time ? { day: dayNo, minutes: time.hours * 60 + time.minutes } : { day: dayNo };
}

function parseTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(normalize(text));
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** Parses an amount such as 1200, 1,200, ¥1,200 or 1200円 (whole yen; decimals are rounded). */
function parseAmount(text: string): number | undefined {
  const value = normalize(text).replace(/[¥,円\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Math.round(Number(value));
}

// Control characters other than tab: a sign of a binary or tampered file.
const hasControl = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
};

/**
 * Reads a CSV visit history: maps its columns, normalises each row (NFKC, so full-width digits work),
 * and sorts rows into usable ones, rejected ones (line number and reason) and exact duplicates of an
 * earlier row. `today` (calendar day number) refuses visits in the future.
 */
export function parseVisitCsv(
  text: string,
  options: { map: ReadonlyMap<string, VisitField>; today: number },
): {
  rows: VisitRow[];
  rejected: RejectedLine[];
  duplicates: { line: number; sameAs: number }[];
  /** Contact details that could not be read: the visit is kept, the detail left out. */
  warnings?: RejectedLine[];
  error?: string;
} {
  const csv = readCsv(text);
  if (csv.error)
    return { rows: [], rejected: [], duplicates: [], error: `line ${csv.error.line}: ${csv.error.reason}` };
  const [header, ...records] = csv.records;
  if (!header) return { rows: [], rejected: [], duplicates: [], error: 'the file is empty' };
  const mapped = mapColumns(header.fields, options.map);
  if ('error' in mapped) return { rows: [], rejected: [], duplicates: [], error: mapped.error };
  const { columns } = mapped;

  const rows: VisitRow[] = [];
  const rejected: RejectedLine[] = [];
  const duplicates: { line: number; sameAs: number }[] = [];
  const seen = new Map<string, number>();
  const warnings: RejectedLine[] = [];
  for (const { line, fields } of records) {
    const reason = checkRecord(fields, header.fields.length);
    if (reason) {
      rejected.push({ line, reason });
      continue;
    }
    const get = (field: VisitField) => {
      const index = columns.get(field);
      return index === undefined ? '' : normalize(fields[index] ?? '');
    };
    const result = toVisitRow(line, get, options.today);
    if ('reason' in result) {
      rejected.push({ line, reason: result.reason });
      continue;
    }
    const contact = readContact(get);
    if (contact.value) result.contact = contact.value;
    warnings.push(
      ...contact.unreadable.map((field) => ({ line, reason: `${field} is not readable; left out` })),
    );
    const signature = visitFields.map(get).join('\u0001');
    const earlier = seen.get(signature);
    if (earlier !== undefined) {
      duplicates.push({ line, sameAs: earlier });
      continue;
    }
    seen.set(signature, line);
    rows.push(result);
  }
  return { rows, rejected, duplicates, warnings };
}

function checkRecord(fields: string[], headerLength: number): string | undefined {
  if (fields.length > headerLength) return `${fields.length} fields, but the header has ${headerLength}`;
  if (fields.some((f) => f.length > MAX_FIELD)) return `a field is longer than ${MAX_FIELD} characters`;
  if (fields.some(hasControl)) return 'a field contains control characters';
  return undefined;
}

function toVisitRow(
  line: number,
  get: (field: VisitField) => string,
  today: number,
): VisitRow | { reason: string } {
  for (const [field, limit] of Object.entries(limits) as [VisitField, number][]) {
    if (get(field).length > limit) return { reason: `${field} is longer than ${limit} characters` };
  }
  const externalId = get('customer');
  if (externalId === '') return { reason: 'no customer id' };
  const dateText = get('date');
  if (dateText === '') return { reason: 'no date' };
  const date = parseVisitDate(dateText);
  if (!date) return { reason: `date "${dateText.slice(0, 40)}" is not a date (use 2025-01-31 or 2025/1/31)` };
  if (date.day > today) return { reason: `date ${dateText.slice(0, 40)} is in the future` };
  if (date.day < dayNumber(1990, 1, 1)) return { reason: `date ${dateText.slice(0, 40)} is before 1990` };
  const row: VisitRow = { line, externalId, day: date.day };
  const timeText = get('time');
  const minutes = timeText === '' ? date.minutes : parseTime(timeText);
  if (timeText !== '' && minutes === undefined)
    return { reason: `time "${timeText.slice(0, 20)}" is not HH:MM` };
  if (minutes !== undefined) row.minutes = minutes;
  const amountText = get('amount');
  if (amountText !== '') {
    const amount = parseAmount(amountText);
    if (amount === undefined)
      return { reason: `amount "${amountText.slice(0, 20)}" is not a non-negative number` };
    row.amount = amount;
  }
  for (const field of ['name', 'menu', 'staff'] as const) {
    const value = get(field);
    if (value !== '') row[field] = value;
  }
  return row;
}
