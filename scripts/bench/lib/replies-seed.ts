import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedDatabase } from '../../../src/db/embedded/embedded-database.js';
import type { Logger } from '../../../src/log.js';

export interface HistorySize {
  inboxEvents: number;
  messages: number;
  customers: number;
}

const SEED_VERSION = 1;
const BATCH = 10_000;
const DAY_MS = 86_400_000;
const schemaFiles = [
  'src/db/models/inbox-event.model.ts',
  'src/db/models/inbox-pending.model.ts',
  'src/db/models/message.model.ts',
  'src/db/models/customer.model.ts',
  'scripts/bench/lib/replies-seed.ts',
];

/**
 * A FerretDB data folder holding the grown history, seeded once and kept under .cache/ (keyed by
 * the models' source and the sizes, so a schema change seeds again). Returns the cached folder.
 */
export async function seededHistory(dbName: string, size: HistorySize, log: Logger): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ SEED_VERSION, dbName, size }));
  for (const file of schemaFiles) hash.update(readFileSync(file));
  const dir = join('.cache', 'bench-replies', hash.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'seeded'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const database = await startEmbeddedDatabase({ dataDir: dir, prefer: 'ferretdb', log });
  const client = await MongoClient.connect(database.uri);
  try {
    const db = client.db(dbName);
    const now = Date.now();
    const customerId = (i: number) => `Useed${i.toString(16).padStart(27, '0')}`;
    await insertAll(db.collection('customers'), size.customers, (i) => ({
      _id: customerId(i),
      lineUserId: customerId(i),
      status: 'following',
      followedAt: new Date(now - 300 * DAY_MS + i),
      tags: [],
      notes: [],
      marketingOptOut: false,
      externalIds: [],
      visitCount: i % 7,
    }));
    await insertAll(db.collection('messages'), size.messages, (i) => ({
      _id: i % 2 === 0 ? `in:SEED${i}` : `seed-send-${i}#0`,
      customerId: customerId(i % size.customers),
      direction: i % 2 === 0 ? 'in' : 'out',
      channel: 'line',
      via: i % 2 === 0 ? 'webhook' : 'reply',
      type: 'text',
      text: 'ご予約ありがとうございます。当日お待ちしております。',
      summary: 'ご予約ありがとうございます。',
      status: i % 2 === 0 ? 'received' : 'sent',
      at: new Date(now - 365 * DAY_MS + i * 30_000),
    }));
    // Within the last 6 days: the inbox keeps 7, so none is pruned while the benchmark runs.
    await insertAll(db.collection('inboxEvents'), size.inboxEvents, (i) => {
      const at = new Date(now - 6 * DAY_MS + Math.floor((i * 6 * DAY_MS) / size.inboxEvents));
      const userId = customerId(i % size.customers);
      const id = `01SEED${i.toString(36).toUpperCase().padStart(20, '0')}`;
      return {
        _id: id,
        type: 'message',
        sourceType: 'user',
        userId,
        eventAt: at,
        receivedAt: at,
        redelivery: false,
        payload: {
          type: 'message',
          mode: 'active',
          timestamp: at.getTime(),
          source: { type: 'user', userId },
          webhookEventId: id,
          deliveryContext: { isRedelivery: false },
          replyToken: 'seeded-reply-token-0000000000000000',
          message: { id: String(1e15 + i), type: 'text', text: '来週の予約をお願いします', quoteToken: 'q' },
        },
        status: 'done',
        attempts: 1,
        nextAttemptAt: at,
        processedAt: at,
      };
    });
  } finally {
    await client.close();
    await database.stop();
  }
  writeFileSync(join(dir, 'seeded'), new Date().toISOString());
  return dir;
}

async function insertAll(
  collection: {
    insertMany(docs: Record<string, unknown>[], options: { ordered: boolean }): Promise<unknown>;
  },
  count: number,
  make: (i: number) => Record<string, unknown>,
): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => make(start + k));
    await collection.insertMany(docs, { ordered: false });
  }
}

/** A throw-away working copy of a data folder (or an empty one), so every run starts alike. */
export function workingCopy(from: string | undefined, to: string): string {
  rmSync(to, { recursive: true, force: true });
  if (from) cpSync(from, to, { recursive: true });
  else mkdirSync(to, { recursive: true, mode: 0o700 });
  rmSync(join(to, 'seeded'), { force: true });
  return to;
}
