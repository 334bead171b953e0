/**
 * npm run import-visits -- <file> [--format csv|cdnow] [--map column=field…] [--encoding utf8|shift_jis]
 *                                 [--source name] [--json]
 *
 * Imports a visit history (a POS or booking export as CSV, or the CDNOW record format). Prints a
 * summary: rows read, visits added, customers created, rejected rows with line numbers and reasons.
 * Importing the same file again adds nothing. Exit code 1 when the file was refused.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { importVisitFile, type ImportSummary } from '../src/analytics/import/visit-file-import.js';
import { visitFields, type VisitField } from '../src/analytics/import/visit-rows.js';
import { systemClock } from '../src/clock.js';
import { JorenError } from '../src/errors.js';
import { shopCalendar } from '../src/retention/shop-time.js';
import { openDatabase } from './lib/database.js';
import { progressBar } from './lib/progress-bar.js';

const argsSchema = z.object({
  file: z.string().min(1, 'name the file to import'),
  format: z.enum(['csv', 'cdnow']).default('csv'),
  encoding: z.enum(['utf8', 'shift_jis']).optional(),
  source: z
    .string()
    .regex(/^[a-z0-9_-]{1,20}$/, 'use 1–20 of a-z, 0-9, _ and -')
    .optional(),
  map: z.array(
    z
      .string()
      .regex(/^.+=.+$/, 'write --map column=field')
      .refine((m) => (visitFields as readonly string[]).includes(m.slice(m.lastIndexOf('=') + 1)), {
        message: `the field after = must be one of ${visitFields.join(', ')}`,
      }),
  ),
  json: z.boolean(),
});

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      encoding: { type: 'string' },
      source: { type: 'string' },
      map: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  const parsed = argsSchema.safeParse({ ...values, map: values.map ?? [], file: positionals[0] ?? '' });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`import-visits: ${issue.path.join('.') || 'arguments'}: ${issue.message}`);
    process.exit(2);
  }
  const args = parsed.data;
  const map = new Map(
    args.map.map(
      (m) => [m.slice(0, m.lastIndexOf('=')), m.slice(m.lastIndexOf('=') + 1) as VisitField] as const,
    ),
  );
  const bytes = readFileSync(args.file);
  const opened = await openDatabase();
  const { config, db } = opened;
  const bar = progressBar();
  try {
    const summary = await importVisitFile(
      {
        models: db.models,
        calendar: shopCalendar(config.shop.timezone),
        now: systemClock.now(),
        onProgress: (p) => bar.update(p.phase === 'visits' ? 'visits   ' : 'customers', p.done, p.total),
      },
      bytes,
      {
        format: args.format,
        source: args.source ?? (args.format === 'cdnow' ? 'cdnow' : 'pos'),
        map,
        ...(args.encoding ? { encoding: args.encoding } : {}),
      },
    );
    bar.done();
    console.log(args.json ? JSON.stringify(summary) : describe(args.file, summary));
  } catch (error) {
    bar.done();
    if (error instanceof JorenError) {
      console.error(`import-visits: ${error.message}`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await opened.close();
  }
}

function describe(file: string, s: ImportSummary): string {
  const lines = [
    `${file} (${s.format}, ${s.encoding === 'utf8' ? 'UTF-8' : 'Shift_JIS'})`,
    `  rows read:          ${s.rowsRead}`,
    `  visits in file:     ${s.visitsInFile} (one per customer and day)`,
    `  visits added:       ${s.visitsAdded}${s.visitsAlreadyThere > 0 ? ` (${s.visitsAlreadyThere} were already there)` : ''}`,
    `  customers created:  ${s.customersCreated}, updated: ${s.customersUpdated}`,
    `  duplicate rows:     ${s.duplicates.length}${
      s.duplicates.length > 0
        ? ` (${s.duplicates
            .slice(0, 5)
            .map((d) => `line ${d.line} = line ${d.sameAs}`)
            .join(', ')}${s.duplicates.length > 5 ? ', …' : ''})`
        : ''
    }`,
    `  contacts left out:  ${s.warnings.length}${
      s.warnings.length > 0
        ? ` (${s.warnings
            .slice(0, 5)
            .map((w) => `line ${w.line}: ${w.reason}`)
            .join(', ')})`
        : ''
    }`,
    `  rows rejected:      ${s.rejected.length}`,
    ...s.rejected.slice(0, 50).map((r) => `    line ${r.line}: ${r.reason}`),
  ];
  if (s.rejected.length > 50) lines.push(`    … and ${s.rejected.length - 50} more (use --json for all)`);
  return lines.join('\n');
}

await main();
