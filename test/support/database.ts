import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/** The test server's connection string (set by global-setup). */
export function testDatabaseUri(): string {
  const uri = process.env.JOREN_TEST_MONGODB_URI;
  if (!uri) throw new Error('JOREN_TEST_MONGODB_URI is not set: run the tests with `npm test`.');
  return uri;
}

/** A database name no other test file uses. */
export function freshDatabaseName(label: string): string {
  const safe = label.replace(/[^a-z0-9]+/gi, '_').slice(0, 30);
  return `t_${safe}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test (or benchmark) database, on the test server unless another is named. */
export async function dropDatabase(dbName: string, uri = testDatabaseUri()): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}
