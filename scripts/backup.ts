/**
 * `npm run backup -- --out <dir>` copies Joren's database into a folder; `npm run restore -- --from
 * <dir>` loads such a folder into an empty database. Both use MONGODB_URI, or the embedded database
 * under DATA_DIR with the bot stopped. See docs/operations.md.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from './lib/database.js';
import { readBackup, writeBackup } from './lib/backup-files.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, from: { type: 'string' } } });
if ((values.out === undefined) === (values.from === undefined)) {
  process.stderr.write('usage: npm run backup -- --out <folder> | npm run restore -- --from <folder>\n');
  process.exit(2);
}
const database = await openDatabase();
const progress = (line: string) => process.stderr.write(`${line}\n`);
try {
  const db = database.db.connection.db!;
  const manifest = values.out
    ? await writeBackup(db, values.out, progress)
    : await readBackup(db, values.from!, progress);
  const documents = manifest.collections.reduce((sum, c) => sum + c.documents, 0);
  const done = values.out ? `backed up to ${values.out}` : 'restored';
  process.stdout.write(`${done}: ${manifest.collections.length} collections, ${documents} documents\n`);
} catch (error) {
  process.stderr.write(
    `${values.out ? 'backup' : 'restore'}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await database.close();
}
