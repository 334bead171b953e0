/**
 * bench:job-lag — how long each scheduled job holds the event loop, at the size of a shop: imports
 * BENCH_CUSTOMERS customers with BENCH_VISITS visits (all LINE friends of a local fake LINE, with
 * birthdays), then moves the clock a day at a time for BENCH_DAYS days and lets the scheduler run
 * what is due, as bench:soak does. A 5 ms timer measures the loop's stalls; each job's row holds its
 * wall time, its longest stall and the sum of its stalls over 20 ms (worst over the days). Prints
 * one JSON line last. Target: no job stalls the loop for more than 100 ms.
 *
 * Options (env): BENCH_CUSTOMERS (5000), BENCH_VISITS (50000), BENCH_DAYS (3).
 */
import { randomBytes } from 'node:crypto';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { createApp } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';
import { DAY_MS, shopCalendar } from '../../src/retention/shop-time.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { sandboxLimits } from '../../src/sandbox/limits.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { dropDatabase } from '../../test/support/database.js';
import { syntheticVisitExport } from './lib/synthetic-visits.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 5_000);
const visits = Number(process.env.BENCH_VISITS ?? 50_000);
const days = Number(process.env.BENCH_DAYS ?? 3);
const LINE_TOKEN = 'job-lag-channel-access-token';
const BOT_TOKEN = 'xoxb-job-lag-bot-token';
const ZONE = 'Asia/Tokyo';
const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');

/** Stalls of the event loop seen by a 5 ms timer, read and reset per job. */
function stallProbe() {
  const every = 5;
  let last = performance.now();
  let max = 0;
  let sum = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const stall = now - last - every;
    last = now;
    if (stall > max) max = stall;
    if (stall > 20) sum += stall;
  }, every);
  return {
    take() {
      const taken = { maxMs: Math.round(max), over20Ms: Math.round(sum) };
      max = 0;
      sum = 0;
      return taken;
    },
    stop: () => clearInterval(timer),
  };
}

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const dbName = `bench_job_lag_${Date.now()}`;
  // The synthetic history ends on 2026-01-14: the run starts the next day, at noon in the shop.
  const started = { real: Date.now(), shop: Date.parse('2026-01-15T12:00:00+09:00') };
  const clock = new AdjustableClock({ now: () => new Date(started.shop + Date.now() - started.real) });
  const now = () => clock.now();
  const line = await FakeLineApi.start({ channelAccessToken: LINE_TOKEN, now, limits: sandboxLimits });
  const slackFake = await FakeSlackApi.start({ botToken: BOT_TOKEN, now, limits: sandboxLimits });
  const staffChannel = slackFake.addChannel({ name: 'staff', isPrivate: true });
  const config = loadConfig({
    LINE_CHANNEL_SECRET: randomBytes(16).toString('hex'),
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: line.url,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slackFake.apiUrl,
    SLACK_STAFF_CHANNEL: staffChannel,
    SHOP_NAME: 'サロン常連',
    SHOP_HOURS: '00:00-24:00',
    LOG_LEVEL: 'warn',
  });
  const app = await createApp({
    config,
    clock,
    log,
    database: { uri: database.uri, dbName },
    scheduler: { processing: false },
  });
  await app.start(0);
  const { models, scheduler } = app.context;
  const rows = new Map<
    string,
    { runs: number; wallMs: number; maxStallMs: number; stallsOver20Ms: number }
  >();
  try {
    const setUpStarted = performance.now();
    await importVisitFile(
      { models, calendar: shopCalendar(ZONE), now: clock.now() },
      syntheticVisitExport(customers, visits),
      { format: 'csv', source: 'pos' },
    );
    // Every imported customer becomes a LINE friend with a birthday, so the touchpoints have work.
    const ids = (await models.Customer.find({}, { _id: 1 }).lean()).map((c) => c._id);
    const followedAt = new Date(clock.now().getTime() - 400 * DAY_MS);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids.slice(i, i + 50).map((id, j) => {
          const n = i + j;
          line.addUser({ displayName: `客${n}` }, id);
          const birthday = { month: 1 + (n % 12), day: 1 + ((n * 7) % 28) };
          return models.Customer.updateOne(
            { _id: id },
            { $set: { status: 'following', lineUserId: id, followedAt, birthday } },
          );
        }),
      );
    }
    const setUpS = Math.round((performance.now() - setUpStarted) / 100) / 10;
    process.stderr.write(`job-lag: ${customers} customers, ${visits} visits set up in ${setUpS} s\n`);

    const probe = stallProbe();
    let mark = performance.now();
    probe.take();
    scheduler.onFinished((jobId) => {
      const at = performance.now();
      const stalls = probe.take();
      const row = rows.get(jobId) ?? { runs: 0, wallMs: 0, maxStallMs: 0, stallsOver20Ms: 0 };
      row.runs++;
      row.wallMs = Math.max(row.wallMs, Math.round(at - mark));
      row.maxStallMs = Math.max(row.maxStallMs, stalls.maxMs);
      row.stallsOver20Ms = Math.max(row.stallsOver20Ms, stalls.over20Ms);
      rows.set(jobId, row);
      process.stderr.write(
        `job-lag:   ${jobId} ${Math.round(at - mark)} ms, longest stall ${stalls.maxMs} ms\n`,
      );
      mark = at;
    });
    const failed: string[] = [];
    for (let day = 0; day < days; day++) {
      clock.advance(DAY_MS);
      mark = performance.now();
      probe.take();
      const report = await scheduler.runDue();
      process.stderr.write(`job-lag: day ${day + 1} of ${days}: ${report.ran.length} job runs\n`);
      for (const run of report.ran) if (!run.ok) failed.push(run.job);
    }
    probe.stop();
    const worst = Math.max(0, ...[...rows.values()].map((row) => row.maxStallMs));
    console.log(
      JSON.stringify({
        bench: 'job-lag',
        database: `${database.kind} ${database.version}`,
        customers,
        visits,
        days,
        setUpS,
        jobs: Object.fromEntries([...rows].sort((a, b) => b[1].maxStallMs - a[1].maxStallMs)),
        failed,
        maxStallMs: worst,
        pass: worst <= 100 && failed.length === 0,
      }),
    );
  } finally {
    await app.stop();
    await dropDatabase(dbName, database.uri).catch(() => undefined);
    await database.stop();
    await line.stop();
    await slackFake.stop();
  }
}

await main();
