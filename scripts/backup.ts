/**
 * `npm run backup -- --out <dir>`: copies Joren's database (MONGODB_URI, or the embedded one under
 * DATA_DIR with the bot stopped) into a folder that `npm run restore` loads back. See docs/operations.md.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from './lib/database.js';
import { writeBackup } from './lib/backup-files.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  process.stderr.write('usage: npm run backup -- --out <folder>\n');
  process.exit(2);
}
const database = await openDatabase();
const { db } = database;
try {
  const manifest = await writeBackup(db.connection.db!, values.out, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const documents = manifest.collections.reduce((sum, c) => sum + c.documents, 0);
  process.stdout.write(
    `backed up ${manifest.collections.length} collections, ${documents} documents to ${values.out}\n`,
  );
} finally {
  await database.close();
}
