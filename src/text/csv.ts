import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Joren's one CSV writer (RFC 4180), for files staff open in Excel or address software: UTF-8 with a
 * BOM (Excel in Japan reads a file without one as Shift_JIS), CRLF line ends, every cell quoted, and
 * a cell that starts like a formula (= + - @, tab, CR) prefixed with ' so a spreadsheet shows it as
 * text instead of running it (CSV injection, OWASP).
 */
export const CSV_BOM = '\uFEFF';

/** A value of a cell: text, a number, a date (ISO 8601), a yes/no; empty when absent. */
export type CsvValue = string | number | boolean | Date | null | undefined;

/** One cell, neutralised and quoted. */
export function csvCell(value: CsvValue): string {
  const text =
    value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One record, with its CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole small file in memory: BOM, header and rows. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}

/**
 * Streams a file: BOM, header, then each row as it comes, waiting whenever the destination's buffer
 * is full, so memory stays bounded however many rows there are. Returns how many rows were written.
 */
export async function writeCsv(
  out: Writable,
  header: readonly string[],
  rows: AsyncIterable<readonly CsvValue[]>,
): Promise<number> {
  let count = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(CSV_BOM + csvLine(header));
  for await (const row of rows) {
    await write(csvLine(row));
    count++;
  }
  return count;
}
