import { loadConfig, type Config } from '../../src/config.js';
import { withDotEnv } from '../../src/dot-env.js';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger, type Logger } from '../../src/log.js';

/**
 * The database a command-line tool works on: MONGODB_URI, or the embedded one under DATA_DIR (the same
 * files `npm start` uses, so stop the bot first or point both at one MONGODB_URI).
 */
export async function openDatabase(): Promise<{
  config: Config;
  db: Database;
  log: Logger;
  close(): Promise<void>;
}> {
  const config = loadConfig(withDotEnv(process.env, '.env').env);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  if (config.mongodbUri) {
    const db = await connectDatabase(config.mongodbUri, log);
    return { config, db, log, close: () => db.close() };
  }
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    prefer: config.embeddedDatabase,
    log,
  });
  const db = await connectDatabase(embedded.uri, log, { dbName: 'joren' });
  return {
    config,
    db,
    log,
    async close() {
      await db.close();
      await embedded.stop();
    },
  };
}
