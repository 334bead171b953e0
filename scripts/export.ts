/**
 * npm run export -- --out <dir>
 *
 * Writes the shop's data as CSV files into <dir> (created if missing): customers, visits, messages,
 * surveys, complaint cases and outreach (the send ledger). UTF-8 with a BOM so Excel in Japan opens
 * them; cells that start like a formula are neutralised (src/text/csv.ts). Streamed: memory stays
 * bounded however large the shop. A progress bar on a terminal, progress lines otherwise (stderr).
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { exportShopData } from '../src/customers/shop-export.js';
import { openDatabase } from './lib/database.js';
import { progressBar } from './lib/progress-bar.js';

const argsSchema = z.object({ out: z.string({ error: 'name the folder to write: --out <dir>' }).min(1) });

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`export: ${parsed.error.issues[0]!.message}`);
    process.exit(2);
  }
  const dir = parsed.data.out;
  mkdirSync(dir, { recursive: true });
  const opened = await openDatabase();
  const bar = progressBar(process.stderr, { lines: true });
  try {
    const written = await exportShopData(opened.db.models, dir, ({ file, done, total }) =>
      bar.update(file, done, total),
    );
    bar.done();
    for (const [file, rows] of Object.entries(written)) {
      console.error(`export: ${file} ${rows.toLocaleString('en')} row(s)`);
    }
    console.error(`export: written to ${dir}`);
  } finally {
    await opened.close();
  }
}

await main();
