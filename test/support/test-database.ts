import { afterAll, beforeAll } from '@jest/globals';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { createLogger } from '../../src/log.js';
import { dropDatabase, freshDatabaseName, testDatabaseUri } from './database.js';

/**
 * A database of the calling test file's own, with the app's collections and indexes: connected before
 * its tests, dropped after them. Call it in a describe block; the returned function gives the database.
 */
export function databaseForTests(label: string): () => Database {
  const dbName = freshDatabaseName(label);
  let db: Database | undefined;
  beforeAll(async () => {
    db = await connectDatabase(testDatabaseUri(), createLogger('silent'), { dbName });
  });
  afterAll(async () => {
    await db?.close();
    await dropDatabase(dbName);
  });
  return () => {
    if (!db)
      throw new Error('The test database is connected before the tests run, not while they are declared.');
    return db;
  };
}
