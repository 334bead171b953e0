import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoBinary, MongoMemoryServer } from 'mongodb-memory-server-core';
import type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-database.js';
import { projectRoot } from './project-root.js';

/**
 * Starts a real mongod with mongodb-memory-server: the binary named by MONGOMS_SYSTEM_BINARY or found
 * in its cache, or downloaded from MongoDB's servers (fails fast where they cannot be reached).
 */
export async function startMongod({ dataDir, log }: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dbPath = dataDir ? resolve(dataDir, 'mongod') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  // Resolve (or download) the binary first: it fails quietly and fast where MongoDB's servers are
  // out of reach, instead of inside the server start.
  const systemBinary = await MongoBinary.getPath({
    downloadDir: join(projectRoot(), '.tools', 'mongodb-binaries'),
  });
  const server = await MongoMemoryServer.create({
    instance: { ip: '127.0.0.1', storageEngine: 'wiredTiger', ...(dbPath ? { dbPath } : {}) },
    binary: { systemBinary },
  });
  const version = server.opts.binary?.version ?? 'unknown';
  log.info({ kind: 'mongod', version, persistent: Boolean(dbPath) }, 'embedded database: mongod');
  return {
    kind: 'mongod',
    version,
    uri: server.getUri(),
    async stop() {
      await server.stop({ doCleanup: !dbPath, force: false });
    },
  };
}
