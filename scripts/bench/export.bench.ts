/**
 * bench:export — `npm run export` at the size of a busy shop, on the embedded database: writes
 * 100,000 customers and 1,000,000 visits (and a message per customer), exports
 * everything to a temporary folder, and samples the live heap (after a full GC) and RSS every second
 * while it runs. Prints one JSON line last. Target: bounded memory — the live heap grows by less than
 * 64 MB while the files written are several times that, so nothing holds a whole collection.
 *
 * Options (env): BENCH_CUSTOMERS (100000), BENCH_VISITS (1000000), BENCH_HEAP_LIMIT_MB (64).
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportShopData } from '../../src/customers/shop-export.js';
import { connectDatabase } from '../../src/db/connect.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const visits = Number(process.env.BENCH_VISITS ?? 1_000_000);
const heapLimitMb = Number(process.env.BENCH_HEAP_LIMIT_MB ?? 64);
const log = createLogger('warn');
const MB = 1024 * 1024;
const BATCH = 10_000;

/** Inserts `count` documents made by `make`, BATCH at a time (never all in memory). */
async function fill(
  collection: { insertMany(docs: object[], options: { ordered: boolean }): Promise<unknown> },
  count: number,
  make: (i: number) => object,
) {
  for (let start = 0; start < count; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) docs.push(make(i));
    await collection.insertMany(docs, { ordered: false });
  }
}

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const dbName = `bench_export_${Date.now()}`;
  const db = await connectDatabase(database.uri, log, { dbName });
  const dir = mkdtempSync(join(tmpdir(), 'joren-export-bench-'));
  try {
    const { models } = db;
    const day = Date.UTC(2024, 0, 1);
    const seeding = performance.now();
    await fill(models.Customer.collection, customers, (i) => ({
      _id: `ext:pos:C${i}`,
      status: 'unlinked',
      displayName: `顧客 ${i}`,
      phone: `090${String(i).padStart(8, '0')}`,
      tags: ['常連'],
      notes: [],
      externalIds: [`pos:C${i}`],
      marketingOptOut: false,
      visitCount: Math.floor(visits / customers),
      createdAt: new Date(day),
    }));
    await fill(models.Visit.collection, visits, (i) => ({
      _id: `imp:pos:C${i % customers}:${i}`,
      customerId: `ext:pos:C${i % customers}`,
      at: new Date(day + (i % 700) * 86_400_000),
      menu: i % 3 === 0 ? 'カット' : '=カラー',
      amount: 4_400 + (i % 5) * 1_100,
      source: 'import',
      createdAt: new Date(day),
      updatedAt: new Date(day),
    }));
    await fill(models.Message.collection, customers, (i) => ({
      _id: `m${i}`,
      customerId: `ext:pos:C${i}`,
      direction: 'in',
      channel: 'line',
      via: 'webhook',
      type: 'text',
      text: `予約の相談です、"${i}"`,
      summary: '予約の相談です',
      status: 'received',
      at: new Date(day),
    }));
    const seededMs = Math.round(performance.now() - seeding);

    // Live memory: the heap right after a full collection, every second (run with --expose-gc).
    const liveHeap = () => {
      global.gc?.();
      return process.memoryUsage();
    };
    const before = liveHeap();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      const now = liveHeap();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
    }, 1_000);
    const started = performance.now();
    const written = await exportShopData(models, dir);
    const exportMs = Math.round(performance.now() - started);
    clearInterval(sampler);
    const bytes = readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
    const heapGrowthMb = Math.round(((peakHeap - before.heapUsed) / MB) * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'export',
        engine: `${database.kind} ${database.version}`,
        customers,
        visits,
        rows: written,
        seededMs,
        exportMs,
        rowsPerSecond: Math.round(
          (Object.values(written).reduce((a, b) => a + b, 0) / Math.max(1, exportMs)) * 1000,
        ),
        filesMb: Math.round((bytes / MB) * 10) / 10,
        gcSampled: typeof global.gc === 'function',
        heapBeforeMb: Math.round(before.heapUsed / MB),
        peakHeapGrowthMb: heapGrowthMb,
        peakRssGrowthMb: Math.round((peakRss - before.rss) / MB),
        heapLimitMb,
        bounded: heapGrowthMb < heapLimitMb,
      }),
    );
    if (heapGrowthMb >= heapLimitMb) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.connection.dropDatabase().catch(() => undefined);
    await db.close();
    await database.stop();
  }
}

await main();
