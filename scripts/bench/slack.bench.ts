/**
 * bench:slack — staff commands at the size of a busy shop: 100,000 customers with 1,000,000 visits
 * imported (the synthetic POS export of bench:lapse-storage) into the embedded database (FerretDB
 * here), the lapse scan run once, then the real app answers `/lapsed`, `/customer` and `/stats`, each
 * called BENCH_CALLS times as signed slash commands over HTTP (Slack faked locally, as in the tests).
 * A call's time runs from sending the command to the answer staff see: the ack itself, or the
 * response_url post when the work outlasted the ack budget. Prints one JSON line last with p50/p95
 * per command. Target: p95 ≤ 1 s each.
 *
 * Options (env): BENCH_CUSTOMERS (100000), BENCH_VISITS (1000000), BENCH_CALLS (50).
 */
import { dropDatabase } from '../../test/support/database.js';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { historyCustomerId } from '../../src/analytics/import/visit-import.js';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { createApp } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { SlackRequestClient } from '../../src/sandbox/slack-api/slack-requests.js';
import { percentile } from './lib/stats.js';
import { syntheticVisitExport } from './lib/synthetic-visits.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const visits = Number(process.env.BENCH_VISITS ?? 1_000_000);
const calls = Number(process.env.BENCH_CALLS ?? 50);
const log = createLogger('warn');
const calendar = shopCalendar('Asia/Tokyo');
const now = new Date('2026-01-15T10:00:00+09:00');
const SIGNING_SECRET = 'bench-slack-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-bot-token';
const LINE_TOKEN = 'bench-channel-access-token';

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const dbName = `bench_slack_${Date.now()}`;
  const clock = new AdjustableClock();
  clock.travelTo(now);
  const line = await FakeLineApi.start({ channelAccessToken: LINE_TOKEN, now: () => clock.now() });
  const slackFake = await FakeSlackApi.start({ botToken: BOT_TOKEN, now: () => clock.now() });
  const staffChannel = slackFake.addChannel({ name: 'staff' });
  const staff = { userId: slackFake.addUser({ name: 'tanaka', realName: '田中 美咲' }) };
  try {
    const loading = performance.now();
    const db = await connectDatabase(database.uri, log, { dbName });
    const imported = await importVisitFile(
      { models: db.models, calendar, now },
      syntheticVisitExport(customers, visits),
      { format: 'csv', source: 'pos' },
    );
    const loadSeconds = (performance.now() - loading) / 1000;
    const scanning = performance.now();
    const scan = await runLapseScan({ models: db.models, calendar, now });
    const scanSeconds = (performance.now() - scanning) / 1000;
    await db.close();

    const config = loadConfig({
      LINE_CHANNEL_SECRET: 'bench-channel-secret-0123456789ab',
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_STAFF_CHANNEL: staffChannel,
      SHOP_NAME: 'サロン常連',
      LOG_LEVEL: 'warn',
    });
    const app = await createApp({
      config,
      clock,
      log,
      database: { uri: database.uri, dbName },
      scheduler: { processing: false },
    });
    const port = await app.start(0);
    const slack = new SlackRequestClient(`http://127.0.0.1:${port}`, SIGNING_SECRET, slackFake, () =>
      clock.now(),
    );
    try {
      /** Sends one command and waits for what staff would see; returns the milliseconds and the text. */
      const ask = async (command: string, text: string) => {
        const started = performance.now();
        const result = await slack.command(staff, command, text, staffChannel);
        const ack = typeof result.ack === 'string' ? { text: result.ack } : result.ack;
        let answer = ack;
        if (result.responseUrlId && (ack.text as string | undefined)?.startsWith('⏳')) {
          await app.context.slack.idle();
          answer = slackFake.responsesTo(result.responseUrlId).at(-1) ?? ack;
        }
        return { ms: performance.now() - started, text: JSON.stringify(answer) };
      };
      const measure = async (command: string, texts: (i: number) => string, expect: RegExp) => {
        const ms: number[] = [];
        await ask(command, texts(0));
        for (let i = 0; i < calls; i++) {
          const answer = await ask(command, texts(i));
          if (!expect.test(answer.text))
            throw new Error(`${command} ${texts(i)} answered ${answer.text.slice(0, 300)}`);
          ms.push(answer.ms);
        }
        ms.sort((p, q) => p - q);
        return {
          p50: Math.round(percentile(ms, 50)),
          p95: Math.round(percentile(ms, 95)),
          max: Math.round(ms.at(-1)!),
        };
      };
      const lapsed = await measure(
        '/lapsed',
        (i) => [``, `20`, `10 --page ${1 + (i % 40)}`, `10 --days 200`][i % 4]!,
        /離反 [\d,]+ 人 \/ 来店中/,
      );
      const customer = await measure(
        '/customer',
        (i) => historyCustomerId('pos', `C${(i * 1_999) % customers}`),
        /来店/,
      );
      const stats = await measure('/stats', (i) => ['', 'quarter', 'year'][i % 3]!, /お店の数字/);
      const worst = Math.max(lapsed.p95, customer.p95, stats.p95);
      console.log(
        JSON.stringify({
          bench: 'slack',
          database: database.kind,
          customers: imported.customersCreated,
          visits: imported.visitsAdded,
          loadSeconds: Math.round(loadSeconds * 10) / 10,
          scanSeconds: Math.round(scanSeconds * 10) / 10,
          lapsedCustomers: scan?.counts.lapsed,
          calls,
          ms: { lapsed, customer, stats },
          target: { p95Ms: 1000 },
          pass: worst <= 1000,
          chartsUploaded: [...slackFake.uploads.values()].filter((u) => u.completed).length,
          peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        }),
      );
    } finally {
      await app.stop();
    }
  } finally {
    await dropDatabase(dbName, database.uri).catch(() => undefined);
    await database.stop();
    await line.stop();
    await slackFake.stop();
  }
}

await main();
