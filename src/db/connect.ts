import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../log.js';
import { createModels, type Models } from './models/index.js';

export interface Database {
  connection: Connection;
  models: Models;
  /** True when the server answers a ping. */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to MongoDB (or a compatible server), creates every collection and the indexes declared in
 * the models, and returns the models bound to that connection.
 */
export async function connectDatabase(
  uri: string,
  log: Logger,
  options: { dbName?: string } = {},
): Promise<Database> {
  const connection = await mongoose
    .createConnection(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      autoIndex: false,
      autoCreate: false,
      maxPoolSize: 20,
      serverSelectionTimeoutMS: 15_000,
    })
    .asPromise();
  const models = createModels(connection);
  await ensureSchema(models);
  log.info({ db: connection.name }, 'database connected');

  return {
    connection,
    models,
    async isReachable() {
      try {
        await connection.db?.admin().ping();
        return true;
      } catch {
        return false;
      }
    },
    close: () => connection.close(),
  };
}

/** Creates missing collections and indexes; safe to run on every start and from several processes. */
async function ensureSchema(models: Models): Promise<void> {
  const all = Object.values(models) as unknown as {
    createCollection(): Promise<unknown>;
    createIndexes(): Promise<unknown>;
  }[];
  for (const model of all) {
    try {
      await model.createCollection();
    } catch (error) {
      // NamespaceExists (48): another process created it first.
      if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 48)) throw error;
    }
    await model.createIndexes();
  }
}
