/**
 * bench:lapse-storage — the storage side at the size of a busy shop, on the embedded database
 * (FerretDB here): imports 100,000 customers with 1,000,000 visits through the bulk import, runs the
 * lapse scan, then times the reads /lapsed and /stats make (p50/p95 over repeated calls, with and
 * without filters). Prints one JSON line last. Target: /lapsed and /stats reads p95 ≤ 1 s.
 *
 * Options (env): BENCH_CUSTOMERS (100000), BENCH_VISITS (1000000), BENCH_READS (40).
 */
import { dropDatabase } from '../../test/support/database.js';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { readLapsedCustomers } from '../../src/analytics/lapsed-customers.js';
import { readShopStats } from '../../src/analytics/shop-stats.js';
import { connectDatabase } from '../../src/db/connect.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { percentile } from './lib/stats.js';
import { syntheticVisitExport } from './lib/synthetic-visits.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const visits = Number(process.env.BENCH_VISITS ?? 1_000_000);
const reads = Number(process.env.BENCH_READS ?? 40);
const log = createLogger('warn');
const calendar = shopCalendar('Asia/Tokyo');
const now = new Date('2026-01-15T10:00:00+09:00');

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const dbName = `bench_lapse_${Date.now()}`;
  const db = await connectDatabase(database.uri, log, { dbName });
  try {
    const file = syntheticVisitExport(customers, visits);
    const imported = await time(() =>
      importVisitFile({ models: db.models, calendar, now }, file, { format: 'csv', source: 'pos' }),
    );
    const scan = await time(() => runLapseScan({ models: db.models, calendar, now }));
    const deps = { models: db.models, calendar, now };
    const samples = async (fn: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < reads; i++) ms.push((await time(fn)).ms);
      ms.sort((p, q) => p - q);
      return { p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)) };
    };
    const lapsedFirstPage = await samples(() => readLapsedCustomers(deps, { limit: 10 }));
    let page = 0;
    const lapsedPaging = await samples(() =>
      readLapsedCustomers(deps, { limit: 20, page: (page = (page % 50) + 1) }),
    );
    const lapsedDays = await samples(() => readLapsedCustomers(deps, { limit: 10, days: 120 }));
    const lapsedReason = await samples(() => readLapsedCustomers(deps, { limit: 10, reason: 2 }));
    const stats = await samples(() => readShopStats(deps, 'month'));
    const statsYear = await samples(() => readShopStats(deps, 'year'));
    const worst = Math.max(
      ...[lapsedFirstPage, lapsedPaging, lapsedDays, lapsedReason, stats, statsYear].map((s) => s.p95),
    );
    console.log(
      JSON.stringify({
        bench: 'lapse-storage',
        database: database.kind,
        customers: imported.value.customersCreated,
        visits: imported.value.visitsAdded,
        importSeconds: Math.round(imported.ms / 100) / 10,
        scanSeconds: Math.round(scan.ms / 100) / 10,
        lapsed: scan.value?.counts.lapsed,
        method: scan.value?.method,
        readsMs: { lapsedFirstPage, lapsedPaging, lapsedDays, lapsedReason, stats, statsYear },
        target: { readP95Ms: 1000 },
        pass: worst <= 1000,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  } finally {
    await db.close();
    await dropDatabase(dbName, database.uri).catch(() => undefined);
    await database.stop();
  }
}

await main();
