/**
 * npm run postcards -- --out postcards.csv
 *
 * Writes the address list of customers reachable only by post (LINE cannot reach them; they have a
 * postal code and an address) as a CSV for address-printing software: 氏名, 敬称, 郵便番号, 住所1,
 * 住所2, UTF-8 with a BOM. Without --out it prints the CSV. Prints how many addressees to stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { postcardCsv, postcardRecipients } from '../src/customers/postcard-list.js';
import { openDatabase } from './lib/database.js';

const argsSchema = z.object({ out: z.string().min(1, 'name the file to write').optional() });

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`postcards: ${parsed.error.issues[0]!.message}`);
    process.exit(2);
  }
  const opened = await openDatabase();
  try {
    const recipients = await postcardRecipients(opened.db.models);
    const csv = postcardCsv(recipients);
    if (parsed.data.out) writeFileSync(parsed.data.out, csv, 'utf8');
    else process.stdout.write(csv);
    console.error(
      `postcards: ${recipients.length} addressee(s)${parsed.data.out ? ` written to ${parsed.data.out}` : ''}`,
    );
  } finally {
    await opened.close();
  }
}

await main();
