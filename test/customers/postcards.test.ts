import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csvCell } from '../../src/text/csv.js';
import { testDatabaseUri } from '../support/database.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const EXPECTED = [
  '\uFEFF"氏名","敬称","郵便番号","住所1","住所2"',
  '"\'=HYPERLINK(""http://x"")","様","100-0001","東京都千代田区千代田1-1",""',
  '"中村 さくら","様","150-0001","東京都渋谷区神宮前1-2-3","ハイツ101"',
  '"遠藤 ブロック","様","530-0001","\'-大阪府大阪市北区梅田1-1","梅田ビル 3F"',
  '',
].join('\r\n');

describe('the postcard list: customers reachable only by post, as a CSV for address-printing software', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
    const { Customer } = t.context.models;
    await Customer.create([
      {
        _id: 'ext:pos:1',
        status: 'unlinked',
        displayName: '中村 さくら',
        postalCode: '150-0001',
        address: '東京都渋谷区神宮前1-2-3 ハイツ101',
      },
      {
        _id: 'U' + 'a'.repeat(32),
        status: 'blocked',
        displayName: '遠藤 ブロック',
        postalCode: '530-0001',
        address: '-大阪府大阪市北区梅田1-1　梅田ビル 3F',
      },
      // A name typed to run as a formula in a spreadsheet is shown as text.
      {
        _id: 'ext:pos:2',
        status: 'unlinked',
        displayName: '=HYPERLINK("http://x")',
        postalCode: '100-0001',
        address: '東京都千代田区千代田1-1',
      },
      // Not on the list: LINE reaches them, there is no address, or the record was joined to a friend.
      {
        _id: 'U' + 'b'.repeat(32),
        status: 'following',
        displayName: '友だち',
        postalCode: '100-0002',
        address: '東京都',
      },
      { _id: 'ext:pos:3', status: 'unlinked', displayName: '住所 なし', phone: '0312345678' },
      {
        _id: 'ext:pos:4',
        status: 'unlinked',
        displayName: '連携 済み',
        postalCode: '100-0003',
        address: '東京都',
        linkedTo: 'U' + 'b'.repeat(32),
      },
    ]);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('neutralises cells that start like a formula (= + - @ tab CR) and quotes every cell', () => {
    expect(['=1+1', '+81', '-1', '@SUM(A1)', '\tx', '\rx', '山田'].map(csvCell)).toEqual([
      `"'=1+1"`,
      `"'+81"`,
      `"'-1"`,
      `"'@SUM(A1)"`,
      `"'\tx"`,
      `"'\rx"`,
      '"山田"',
    ]);
  });

  it('/joren postcards uploads the CSV (UTF-8 with BOM, 氏名・敬称・郵便番号・住所1・住所2) to the staff channel', async () => {
    const answer = await t.command(t.staff, '/joren', 'postcards');
    expect(answer.text).toBe(`📮 宛名 CSV（3 件）を <#${t.staffChannel}> に投稿しました。`);
    const upload = [...t.slackFake.uploads.values()].find((u) => u.filename.startsWith('joren-postcards-'))!;
    expect(upload).toMatchObject({ completed: true, channel: t.staffChannel });
    expect(upload.bytes!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(upload.bytes!.toString('utf8')).toBe(EXPECTED);
  });

  it('npm run postcards -- --out file.csv writes the same file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'joren-postcards-')), 'postcards.csv');
    const uri = new URL(testDatabaseUri());
    uri.pathname = `/${t.dbName}`;
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/postcards.ts', '--out', out],
      { env: { PATH: process.env.PATH ?? '', MONGODB_URI: uri.toString(), LOG_LEVEL: 'silent' } },
    );
    expect(stderr).toContain(`postcards: 3 addressee(s) written to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(EXPECTED);
  });
});
