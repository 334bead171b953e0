import type { Logger } from '../../log.js';
import { startFerretDb } from './ferretdb-server.js';
import { startMongod } from './mongod-server.js';

/** A MongoDB-compatible server this process started and owns. */
export interface EmbeddedDatabase {
  kind: 'mongod' | 'ferretdb';
  version: string;
  uri: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the data files live; undefined for a throw-away database (tests). */
  dataDir: string | undefined;
  prefer: 'auto' | 'mongod' | 'ferretdb';
  log: Logger;
}

/**
 * Starts the embedded database: a real mongod through mongodb-memory-server when a binary is present
 * or can be downloaded, otherwise FerretDB v1.24.2 on SQLite (built with Go on first use).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { log, prefer } = options;
  if (prefer !== 'ferretdb') {
    try {
      return await startMongod(options);
    } catch (error) {
      if (prefer === 'mongod') throw error;
      log.info(
        { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) },
        'no mongod binary available; using FerretDB',
      );
    }
  }
  return startFerretDb(options);
}
