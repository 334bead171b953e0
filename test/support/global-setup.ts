import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { projectRoot } from '../../src/db/embedded/project-root.js';
import { createLogger } from '../../src/log.js';

declare global {
  var __jorenTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * Starts one real MongoDB-compatible server for the whole run (mongod where available, else
 * FerretDB); every test file then works in a database of its own on it. With MONGODB_URI set, the
 * tests use that server instead.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.JOREN_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const database = await startEmbeddedDatabase({
    dataDir: undefined,
    prefer: (process.env.JOREN_EMBEDDED_DB as 'auto' | 'mongod' | 'ferretdb' | undefined) ?? 'auto',
    log,
    // `auto` remembers what it found, so a machine without internet tries to download mongod once.
    rememberIn: join(projectRoot(), '.tools'),
  });
  globalThis.__jorenTestDatabase = database;
  process.env.JOREN_TEST_MONGODB_URI = database.uri;
  process.env.JOREN_TEST_DATABASE_KIND = database.kind;
  process.stdout.write(`\nTest database: ${database.kind} ${database.version} at ${database.uri}\n`);
}
