import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importVisitFile, type VisitFileOptions } from '../../src/analytics/import/visit-file-import.js';
import { JorenError } from '../../src/errors.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/visits/${name}`, import.meta.url));
const now = new Date('2025-04-01T09:00:00+09:00');

describe('importing visit history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const run = (name: string, options: Partial<VisitFileOptions> & { source: string }) =>
    importVisitFile({ models: t.context.models, calendar: shopCalendar('Asia/Tokyo'), now }, fixture(name), {
      format: 'csv',
      ...options,
    });
  const customer = (id: string) => t.context.models.Customer.findById(id).lean();
  const visitsOf = (customerId: string) => t.context.models.Visit.find({ customerId }).sort({ at: 1 }).lean();

  it('imports a good UTF-8 export: one visit per customer and day, history-only customers with counters', async () => {
    const summary = await run('good.csv', { source: 'good' });
    expect(summary).toMatchObject({
      encoding: 'utf8',
      rowsRead: 5,
      visitsInFile: 4,
      visitsAdded: 4,
      customersCreated: 3,
      rejected: [],
      duplicates: [],
    });
    expect(await customer('ext:good:C001')).toMatchObject({
      status: 'unlinked',
      displayName: '山田 花子',
      externalIds: ['good:C001'],
      visitCount: 2,
      firstVisitAt: new Date('2025-01-10T00:00:00+09:00'),
      lastVisitAt: new Date('2025-02-14T00:00:00+09:00'),
    });
    const visits = await visitsOf('ext:good:C001');
    expect(visits.map((v) => [v._id, v.amount, v.menu])).toEqual([
      ['imp:good:C001:20250110', 5500, 'カット'],
      ['imp:good:C001:20250214', 9900, 'カラー、トリートメント'],
    ]);
    expect((await visitsOf('ext:good:C002'))[0]!.at).toEqual(new Date('2025-03-01T14:30:00+09:00'));
    expect(await customer('ext:good:C002')).toMatchObject({ displayName: '鈴木, 一郎' });
  });

  it('is idempotent: the same file again adds nothing and changes no counter', async () => {
    const summary = await run('good.csv', { source: 'good' });
    expect(summary).toMatchObject({
      visitsAdded: 0,
      visitsAlreadyThere: 4,
      customersCreated: 0,
      customersUpdated: 0,
    });
    expect(await customer('ext:good:C001')).toMatchObject({ visitCount: 2 });
    expect(await t.context.models.Visit.countDocuments({ customerId: /^ext:good:/ })).toBe(4);
  });

  it('reads a messy Shift_JIS export: Japanese headers, full-width digits, blank lines, bad dates, duplicates', async () => {
    const summary = await run('messy-shift-jis.csv', { source: 'messy' });
    expect(summary.encoding).toBe('shift_jis');
    expect(summary.rejected).toEqual([
      { line: 5, reason: 'date "2025/13/40" is not a date (use 2025-01-31 or 2025/1/31)' },
      { line: 7, reason: 'date "きのう" is not a date (use 2025-01-31 or 2025/1/31)' },
      { line: 9, reason: 'date "2025-02-30" is not a date (use 2025-01-31 or 2025/1/31)' },
      { line: 10, reason: 'amount "abc" is not a non-negative number' },
    ]);
    expect(summary.duplicates).toEqual([{ line: 6, sameAs: 2 }]);
    expect(summary).toMatchObject({ rowsRead: 9, visitsAdded: 4, customersCreated: 3 });
    expect(await customer('ext:messy:101')).toMatchObject({ displayName: '高橋 さくら', visitCount: 1 });
    expect((await visitsOf('ext:messy:101'))[0]).toMatchObject({ amount: 5500, menu: 'カット' });
    expect(await customer('ext:messy:102')).toMatchObject({ visitCount: 2 });
    // Rejected rows left nothing behind: customer 103 and 104 appear only on rejected lines.
    expect(await customer('ext:messy:103')).toBeNull();
    expect(await customer('ext:messy:104')).toBeNull();
  });

  it('adds only what is new when a later export overlaps an earlier one, and counts it once', async () => {
    await t.context.models.Visit.deleteOne({ _id: 'imp:messy:102:20250310' });
    await t.context.models.Customer.updateOne(
      { _id: 'ext:messy:102' },
      { $set: { visitCount: 1, lastVisitAt: new Date('2025-01-20T00:00:00+09:00') } },
    );
    const summary = await run('messy-shift-jis.csv', { source: 'messy' });
    expect(summary).toMatchObject({
      visitsAdded: 1,
      visitsAlreadyThere: 3,
      customersCreated: 0,
      customersUpdated: 1,
    });
    expect(await customer('ext:messy:102')).toMatchObject({
      visitCount: 2,
      lastVisitAt: new Date('2025-03-10T00:00:00+09:00'),
    });
  });

  it('keeps the good rows of a hostile file and rejects the rest with line numbers and reasons', async () => {
    const summary = await run('hostile.csv', { source: 'hostile' });
    expect(summary.rejected).toEqual([
      { line: 2, reason: 'a field is longer than 1000 characters' },
      { line: 4, reason: 'date 2099-01-01 is in the future' },
      { line: 5, reason: '7 fields, but the header has 4' },
      { line: 6, reason: 'a field contains control characters' },
      { line: 12, reason: 'no customer id' },
      { line: 13, reason: 'date 1899-12-31 is before 1990' },
    ]);
    expect(summary).toMatchObject({ visitsAdded: 6, customersCreated: 6 });
    // A spreadsheet formula is kept as the text it is, never evaluated.
    expect(await customer('ext:hostile:H2')).toMatchObject({
      displayName: '=HYPERLINK("http://evil.example")',
    });
    for (const id of ['H1', 'H3', 'H4', 'H5', 'H11']) expect(await customer(`ext:hostile:${id}`)).toBeNull();
  });

  it.each([
    ['binary.csv', 'the file contains NUL bytes: it is not a text (CSV) file'],
    ['unterminated-quote.csv', 'line 2: a quoted field is never closed'],
    ['no-customer-column.csv', 'no column for customer and date in the header (visitor, when)'],
    ['cdnow-small.txt', 'no column for customer and date'],
  ])('refuses %s as a whole, with a clear message, and writes nothing', async (name, message) => {
    const before = await t.context.models.Visit.countDocuments({});
    const error = await run(name, { source: 'bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JorenError);
    expect((error as JorenError).message).toContain(message);
    expect(await t.context.models.Visit.countDocuments({})).toBe(before);
  });

  it('uses --map for headers it does not know', async () => {
    const summary = await run('no-customer-column.csv', {
      source: 'mapped',
      map: new Map([
        ['visitor', 'customer'],
        ['when', 'date'],
      ]),
    });
    expect(summary).toMatchObject({ visitsAdded: 1, customersCreated: 1 });
  });

  it('imports the CDNOW format: records of one day become one visit, bad lines are listed', async () => {
    const summary = await run('cdnow-small.txt', { source: 'cdnow', format: 'cdnow' });
    expect(summary.rejected).toEqual([
      { line: 7, reason: 'date "19971345" is not a YYYYMMDD date' },
      { line: 8, reason: 'quantity "x" is not a whole number' },
    ]);
    expect(summary).toMatchObject({ rowsRead: 6, visitsInFile: 3, visitsAdded: 3, customersCreated: 2 });
    expect(await visitsOf('ext:cdnow:2')).toEqual([
      expect.objectContaining({ _id: 'imp:cdnow:2:19970112', amount: 8900 }),
      expect.objectContaining({ _id: 'imp:cdnow:2:19970330', amount: 2076 }),
    ]);
  });
});
