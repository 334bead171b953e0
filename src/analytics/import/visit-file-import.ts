import type { Models } from '../../db/models/index.js';
import { ErrorCode, JorenError } from '../../errors.js';
import type { ShopCalendar } from '../../retention/shop-time.js';
import { parseCdnow, type RejectedLine } from '../formats/cdnow-format.js';
import { decodeText, type FileEncoding } from './text-decoding.js';
import { writeVisitRows, type ImportProgress, type ImportWriteResult } from './visit-import.js';
import { parseVisitCsv, type VisitField, type VisitRow } from './visit-rows.js';

export interface VisitFileOptions {
  format: 'csv' | 'cdnow';
  /** Where the history comes from; part of every imported id (`ext:<source>:<id>`). */
  source: string;
  encoding?: FileEncoding;
  /** CSV column name → field, for headers Joren does not recognise. */
  map?: ReadonlyMap<string, VisitField>;
}

/** What an import did, for the summary printed at the end. */
export interface ImportSummary extends ImportWriteResult {
  format: 'csv' | 'cdnow';
  encoding: FileEncoding;
  rowsRead: number;
  rejected: RejectedLine[];
  duplicates: { line: number; sameAs: number }[];
  /** Contact details left out because they could not be read (line and which column). */
  warnings: RejectedLine[];
}

/**
 * Imports one visit-history file. Everything is read and checked before anything is written, so rows
 * that are rejected (listed with line numbers and reasons) never touch the database, and a file that
 * is bad as a whole — unreadable, no customer/date columns, no usable row, or more than half its rows
 * rejected (a sign of a wrong mapping or format) — is refused with a message and writes nothing.
 */
export async function importVisitFile(
  deps: {
    models: Pick<Models, 'Visit' | 'Customer' | 'PhoneIndex' | 'ShopSecret' | 'ImportTombstone'>;
    calendar: ShopCalendar;
    now: Date;
    onProgress?: (progress: ImportProgress) => void;
  },
  bytes: Uint8Array,
  options: VisitFileOptions,
): Promise<ImportSummary> {
  const refuse = (reason: string) => {
    throw new JorenError(ErrorCode.ImportRejected, `The file was not imported: ${reason}.`, {
      format: options.format,
    });
  };
  const decoded = decodeText(bytes, options.encoding);
  if ('error' in decoded) return refuse(decoded.error);
  const today = deps.calendar.dayOf(deps.now);

  let rows: VisitRow[];
  let rejected: RejectedLine[];
  let duplicates: { line: number; sameAs: number }[] = [];
  let warnings: RejectedLine[] = [];
  if (options.format === 'cdnow') {
    const parsed = parseCdnow(decoded.text);
    rejected = parsed.rejected;
    rows = [];
    for (const r of parsed.records) {
      if (r.day > today) rejected.push({ line: r.line, reason: 'the date is in the future' });
      // CDNOW amounts are US dollars; visits keep the smallest unit (cents).
      else
        rows.push({ line: r.line, externalId: r.customer, day: r.day, amount: Math.round(r.amount * 100) });
    }
    rejected.sort((p, q) => p.line - q.line);
  } else {
    const parsed = parseVisitCsv(decoded.text, { map: options.map ?? new Map(), today });
    if (parsed.error) return refuse(parsed.error);
    ({ rows, rejected, duplicates } = parsed);
    warnings = parsed.warnings ?? [];
  }
  const rowsRead = rows.length + rejected.length + duplicates.length;
  if (rows.length === 0) {
    return refuse(
      rejected.length > 0
        ? `none of its ${rowsRead} rows is usable (${describe(rejected)})`
        : 'it has no rows',
    );
  }
  if (rejected.length > rowsRead / 2) {
    return refuse(
      `${rejected.length} of its ${rowsRead} rows are unusable (${describe(rejected)}); check --format, --encoding and --map`,
    );
  }
  const written = await writeVisitRows(deps, options.source, rows);
  return {
    format: options.format,
    encoding: decoded.encoding,
    rowsRead,
    rejected,
    duplicates,
    warnings,
    ...written,
  };
}

function describe(rejected: RejectedLine[]): string {
  return rejected
    .slice(0, 3)
    .map((r) => `line ${r.line}: ${r.reason}`)
    .join('; ');
}
