import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCsv } from '../../src/analytics/import/csv-reader.js';
import { exportShopData } from '../../src/customers/shop-export.js';
import { testDatabaseUri } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const VISITS = 12_000;

describe('npm run export -- --out <dir>', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { models } = t.context;
    await models.Customer.create({
      _id: 'U-export-1',
      lineUserId: 'U-export-1',
      status: 'following',
      displayName: '=HYPERLINK("http://evil")',
      callName: '山田, "はなこ"',
      birthday: { month: 3, day: 14 },
      phone: '+81901234567',
      tags: ['常連', 'VIP'],
    });
    await models.Customer.create({ _id: 'ext:pos:P1', status: 'unlinked', displayName: '@佐藤\n二行目' });
    await models.Visit.collection.insertMany(
      Array.from({ length: VISITS }, (_, i) => ({
        _id: `v${i}`,
        customerId: i % 2 ? 'U-export-1' : 'ext:pos:P1',
        at: new Date(Date.UTC(2026, 0, 1 + (i % 300))),
        menu: i === 0 ? '-カット' : 'カット',
        amount: 4400,
        source: 'import',
        createdAt: new Date(),
        updatedAt: new Date(),
      })) as never[],
    );
    await models.Message.create({
      _id: 'm1',
      customerId: 'U-export-1',
      direction: 'in',
      channel: 'line',
      via: 'webhook',
      type: 'text',
      text: '\tタブで始まる相談',
      summary: '相談',
      status: 'received',
      at: new Date(),
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const read = (dir: string, file: string) => {
    const bytes = readFileSync(join(dir, file));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = readCsv(text);
    expect(parsed.error).toBeUndefined();
    return parsed.records.map((record) => record.fields);
  };

  it('writes every table as UTF-8 CSV with a BOM, quoted per RFC 4180, formulas neutralised, with progress', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'joren-export-')), 'out');
    const uri = new URL(testDatabaseUri());
    uri.pathname = `/${t.dbName}`;
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/export.ts', '--out', dir],
      { env: { PATH: process.env.PATH ?? '', MONGODB_URI: uri.toString(), LOG_LEVEL: 'silent' } },
    );
    expect(readdirSync(dir).sort()).toEqual([
      'complaint_cases.csv',
      'customers.csv',
      'messages.csv',
      'outreach.csv',
      'surveys.csv',
      'visits.csv',
    ]);
    // Not a terminal: plain progress lines, then the counts.
    expect(stderr).toContain('visits.csv: 0/');
    expect(stderr).toContain(`export: visits.csv ${VISITS.toLocaleString('en')} row(s)`);

    const customers = read(dir, 'customers.csv');
    expect(customers[0]!.slice(0, 6)).toEqual([
      'id',
      'status',
      'lineUserId',
      'displayName',
      'callName',
      'birthday',
    ]);
    const yamada = customers.find((row) => row[0] === 'U-export-1')!;
    expect(yamada.slice(3, 7)).toEqual([
      '\'=HYPERLINK("http://evil")',
      '山田, "はなこ"',
      '3月14日',
      "'+81901234567",
    ]);
    expect(customers.find((row) => row[0] === 'ext:pos:P1')![3]).toBe("'@佐藤\n二行目");

    const visits = read(dir, 'visits.csv');
    expect(visits).toHaveLength(VISITS + 1);
    expect(visits.find((row) => row[0] === 'v0')![3]).toBe("'-カット");
    expect(read(dir, 'messages.csv')[1]![6]).toBe("'\tタブで始まる相談");
    expect(read(dir, 'surveys.csv')).toHaveLength(1);
  });

  it('streams: progress is told while a table is being written, not only at its end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'joren-export-'));
    const seen: number[] = [];
    await exportShopData(t.context.models, dir, (p) => {
      if (p.file === 'visits.csv') seen.push(p.done);
    });
    expect(seen).toEqual([0, 5_000, 10_000, VISITS]);
  });
});
