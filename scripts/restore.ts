/**
 * `npm run restore -- --from <dir>`: loads a folder written by `npm run backup` into an empty database
 * (MONGODB_URI, or the embedded one under DATA_DIR with the bot stopped). See docs/operations.md.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from './lib/database.js';
import { readBackup } from './lib/backup-files.js';

const { values } = parseArgs({ options: { from: { type: 'string' } } });
if (!values.from) {
  process.stderr.write('usage: npm run restore -- --from <folder>\n');
  process.exit(2);
}
const database = await openDatabase();
const { db } = database;
try {
  const manifest = await readBackup(db.connection.db!, values.from, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const documents = manifest.collections.reduce((sum, c) => sum + c.documents, 0);
  process.stdout.write(`restored ${manifest.collections.length} collections, ${documents} documents\n`);
} catch (error) {
  process.stderr.write(`restore: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
