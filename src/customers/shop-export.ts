import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { Model } from 'mongoose';
import type {
  Birthday,
  ComplaintCase,
  Customer,
  Message,
  Models,
  SendLedgerEntry,
  Survey,
  Visit,
} from '../db/models/index.js';
import { writeCsv, type CsvValue } from '../text/csv.js';

/** One CSV file of the shop's export: its columns and its rows, read through a cursor. */
interface ExportTable {
  file: string;
  header: readonly string[];
  /** About how many rows (the collection's estimate, for the progress bar). */
  estimate(): Promise<number>;
  rows(): AsyncIterable<CsvValue[]>;
}

type ExportModels = Pick<
  Models,
  'Customer' | 'Visit' | 'Message' | 'Survey' | 'ComplaintCase' | 'SendLedger'
>;

/** Every document of a collection, one batch of 1,000 in memory at a time, each made a row. */
function scan<D>(
  file: string,
  header: readonly string[],
  model: Model<D>,
  row: (doc: D) => CsvValue[],
): ExportTable {
  return {
    file,
    header,
    estimate: () => model.estimatedDocumentCount(),
    async *rows() {
      const cursor = model.find({}).lean().batchSize(1_000).cursor() as unknown as AsyncIterable<D>;
      for await (const doc of cursor) yield row(doc);
    },
  };
}

/** A birthday as staff write it: 1987-11-23, or 11月23日 without the year. */
export function birthdayText(birthday: Birthday | undefined): string {
  if (!birthday) return '';
  if (!birthday.year) return `${birthday.month}月${birthday.day}日`;
  return `${birthday.year}-${String(birthday.month).padStart(2, '0')}-${String(birthday.day).padStart(2, '0')}`;
}

/** The files of `npm run export`, in order: who the customers are, then what happened with them. */
function exportTables(m: ExportModels): ExportTable[] {
  return [
    scan<Customer>(
      'customers.csv',
      [
        'id',
        'status',
        'lineUserId',
        'displayName',
        'callName',
        'birthday',
        'phone',
        'email',
        'postalCode',
        'address',
        'tags',
        'marketingOptOut',
        'followedAt',
        'firstVisitAt',
        'lastVisitAt',
        'visitCount',
        'linkedTo',
        'createdAt',
      ],
      m.Customer,
      (c) => [
        c._id,
        c.status,
        c.lineUserId,
        c.displayName,
        c.callName,
        birthdayText(c.birthday),
        c.phone,
        c.email,
        c.postalCode,
        c.address,
        c.tags.join(' '),
        c.marketingOptOut,
        c.followedAt,
        c.firstVisitAt,
        c.lastVisitAt,
        c.visitCount,
        c.linkedTo,
        c.createdAt,
      ],
    ),
    scan<Visit>(
      'visits.csv',
      ['id', 'customerId', 'at', 'menu', 'amount', 'staff', 'source'],
      m.Visit,
      (v) => [v._id, v.customerId, v.at, v.menu, v.amount, v.staff, v.source],
    ),
    scan<Message>(
      'messages.csv',
      ['id', 'customerId', 'at', 'direction', 'via', 'type', 'text', 'summary', 'purpose', 'staff', 'status'],
      m.Message,
      (x) => [
        x._id,
        x.customerId,
        x.at,
        x.direction,
        x.via,
        x.type,
        x.text,
        x.summary,
        x.purpose,
        x.staff,
        x.status,
      ],
    ),
    scan<Survey>(
      'surveys.csv',
      [
        'id',
        'customerId',
        'visitAt',
        'menu',
        'status',
        'sentAt',
        'rating',
        'ratedAt',
        'comment',
        'complaintCaseId',
      ],
      m.Survey,
      (s) => [
        s._id,
        s.customerId,
        s.visitAt,
        s.menu,
        s.status,
        s.sentAt,
        s.rating,
        s.ratedAt,
        s.comment,
        s.complaintCaseId,
      ],
    ),
    scan<ComplaintCase>(
      'complaint_cases.csv',
      [
        'id',
        'customerId',
        'trigger',
        'status',
        'openedAt',
        'heard',
        'words',
        'wish',
        'takenBy',
        'takenAt',
        'resolvedBy',
        'resolvedAt',
        'resolution',
        'followUpRating',
      ],
      m.ComplaintCase,
      (c) => [
        c._id,
        c.customerId,
        c.trigger,
        c.status,
        c.openedAt,
        c.heard,
        c.words,
        c.wish,
        c.takenBy,
        c.takenAt,
        c.resolvedBy,
        c.resolvedAt,
        c.resolution,
        c.followUp?.rating,
      ],
    ),
    scan<SendLedgerEntry>(
      'outreach.csv',
      ['id', 'customerId', 'kind', 'period', 'ref', 'via', 'at'],
      m.SendLedger,
      (e) => [e._id, e.customerId, e.kind, e.period, e.ref, e.via, e.at],
    ),
  ];
}

/** How far an export has got: rows written of a file, of about `total` (the collection's estimate). */
export interface ExportProgress {
  file: string;
  done: number;
  total: number;
}

/**
 * Writes the shop's data as CSV files into `dir` (see src/text/csv.ts for the format), each collection
 * read once through a cursor in batches of 1,000 and written with back-pressure: memory does not grow
 * with the number of customers or visits. Returns the rows written per file.
 */
export async function exportShopData(
  models: ExportModels,
  dir: string,
  onProgress?: (progress: ExportProgress) => void,
): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const table of exportTables(models)) {
    const total = await table.estimate();
    const out = createWriteStream(join(dir, table.file));
    let done = 0;
    onProgress?.({ file: table.file, done, total });
    async function* rows() {
      for await (const row of table.rows()) {
        yield row;
        if (++done % 5_000 === 0) onProgress?.({ file: table.file, done, total });
      }
    }
    written[table.file] = await writeCsv(out, table.header, rows());
    out.end();
    await finished(out);
    onProgress?.({ file: table.file, done, total: Math.max(total, done) });
  }
  return written;
}
