import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { dropDatabase, freshDatabaseName, testDatabaseUri } from '../support/database.js';
import { startTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'joren-backup-'));

/** Runs `npm run backup` or `npm run restore` (one script, told by --out or --from) on a test database. */
function script(dbName: string, ...args: string[]) {
  const uri = `${testDatabaseUri().replace(/\/$/, '')}/${dbName}`;
  return run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MONGODB_URI: uri,
      LOG_LEVEL: 'silent',
    },
  });
}

describe('npm run backup / restore', () => {
  const dbName = freshDatabaseName('backup');
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await dropDatabase(dbName);
  });

  it('backs up, survives a wiped database, restores every document and index, and the bot finds the data', async () => {
    // A customer follows and writes: customers, messages, the inbox and the scheduler's collections fill.
    const first = await startTestApp({ dbName });
    const userId = first.fake.addUser({ displayName: '高橋' });
    await first.line.send(first.line.follow(userId));
    await first.settle();
    await first.stop();

    const client = await MongoClient.connect(testDatabaseUri());
    try {
      const db = client.db(dbName);
      const before = new Map<string, number>();
      for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray())
        before.set(name, await db.collection(name).countDocuments());
      const customer = await db.collection('customers').findOne({ _id: userId as never });
      expect(customer).not.toBeNull();

      const backup = await script(dbName, '--out', folder);
      expect(backup.stdout).toMatch(/backed up to .*: \d+ collections/);
      await db.dropDatabase();
      expect(await db.collection('customers').countDocuments()).toBe(0);

      const restored = await script(dbName, '--from', folder);
      expect(restored.stdout).toMatch(/restored: \d+ collections/);
      for (const [name, count] of before)
        expect([name, await db.collection(name).countDocuments()]).toEqual([name, count]);
      expect(await db.collection('customers').findOne({ _id: userId as never })).toEqual(customer);
      const inboxIndexes: unknown[] = (await db.collection('inboxEvents').indexes()).map((i) => i.name);
      expect(inboxIndexes).toEqual(expect.arrayContaining(['status_1_receivedAt_1']));

      // Restoring over data is refused: nothing is overwritten.
      await expect(script(dbName, '--from', folder)).rejects.toMatchObject({
        stderr: expect.stringMatching(/not empty/),
      });
    } finally {
      await client.close();
    }

    // The bot starts on the restored database and knows the customer.
    const second = await startTestApp({ dbName });
    try {
      expect(await second.context.models.Customer.findById(userId).lean()).toMatchObject({ _id: userId });
    } finally {
      await second.stop();
    }
  }, 180_000); // three tsx processes and two app starts: about 30 s alone, more beside other suites
});
