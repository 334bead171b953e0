/**
 * bench:webhook — signed LINE webhook POSTs (one text-message event each) against the running service
 * (built, on its embedded database), and the same load against a bare express handler that only
 * answers 200. Prints one JSON line last: requests/s and p50/p99 for both, their ratio, the fixed-rate
 * run at the target rate, and whether every accepted event is in the inbox.
 *
 * Options (env): BENCH_SECONDS (default 15), BENCH_CONCURRENCY (32), BENCH_RATE (1000).
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { lineSignature } from '../../src/line/signature.js';
import { createLogger } from '../../src/log.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { closedLoop, fixedRate, type BenchRequest } from './lib/load.js';
import { freePort, startNodeProcess } from './lib/processes.js';
import { startFlags } from './lib/start-flags.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const drainLimitSeconds = Number(process.env.BENCH_DRAIN_LIMIT_SECONDS ?? 900);
const secret = randomBytes(16).toString('hex');
const token = 'bench-token';
const log = createLogger('warn');
const users = Array.from({ length: 500 }, () => `U${randomBytes(16).toString('hex')}`);

let sequence = 0;
function textEventRequest(): BenchRequest {
  const n = sequence++;
  const body = JSON.stringify({
    destination: 'U0123456789abcdef0123456789abcdef',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId: users[n % users.length] },
        webhookEventId: `01BENCH${n.toString(36).toUpperCase().padStart(19, '0')}`,
        deliveryContext: { isRedelivery: false },
        replyToken: randomBytes(16).toString('hex'),
        message: {
          id: String(1e15 + n),
          type: 'text',
          text: 'ベンチマークのメッセージです',
          quoteToken: 'q',
        },
      },
    ],
  });
  return {
    path: '/webhooks/line',
    body,
    headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body, secret) },
  };
}

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const fake = await FakeLineApi.start({ channelAccessToken: token, record: false });
  // npm start runs only fully configured (src/start-mode.ts): the service gets a fake Slack too.
  const slack = await FakeSlackApi.start({ botToken: 'xoxb-bench-token' });
  const staffChannel = slack.addChannel({ name: 'joren-staff' });
  for (const userId of users) fake.addUser({ displayName: 'ベンチ' }, userId);
  const servicePort = await freePort();
  const barePort = await freePort();
  const service = await startNodeProcess({
    args: [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      ...startFlags(),
      'dist/src/main.js',
    ],
    port: servicePort,
    env: {
      PORT: String(servicePort),
      MONGODB_URI: `${database.uri.replace(/\/$/, '')}/bench_webhook`,
      LINE_CHANNEL_SECRET: secret,
      LINE_CHANNEL_ACCESS_TOKEN: token,
      LINE_API_BASE_URL: fake.url,
      SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_API_URL: slack.apiUrl,
      SLACK_STAFF_CHANNEL: staffChannel,
      LOG_LEVEL: 'warn',
    },
  });
  const bare = await startNodeProcess({
    args: ['--import', 'tsx', 'scripts/bench/bare-server.ts'],
    port: barePort,
    env: { PORT: String(barePort) },
  });

  const client = await MongoClient.connect(database.uri);
  const inbox = client.db('bench_webhook').collection('inboxEvents');
  // The waiting copies: as many as the backlog, so counting them does not slow the service down.
  const countPending = () => client.db('bench_webhook').collection('inboxPending').countDocuments();
  /** Waits until the worker has processed everything stored; returns the seconds it took. */
  const drained = async (): Promise<number | null> => {
    const started = performance.now();
    while ((await countPending()) > 0) {
      if (performance.now() - started > drainLimitSeconds * 1000) return null;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return Math.round((performance.now() - started) / 100) / 10;
  };

  try {
    const origin = (port: number) => `http://127.0.0.1:${port}`;
    // Warm-up, not measured; then let the service catch up so each phase starts calm.
    const warmup = await closedLoop({
      origin: origin(servicePort),
      concurrency,
      durationMs: 2_000,
      next: textEventRequest,
    });
    await closedLoop({ origin: origin(barePort), concurrency, durationMs: 2_000, next: textEventRequest });
    await drained();

    const bareMax = await closedLoop({
      origin: origin(barePort),
      concurrency,
      durationMs: seconds * 1000,
      next: textEventRequest,
    });
    const fixedRateStarted = performance.now();
    const sustained = await fixedRate({
      origin: origin(servicePort),
      ratePerSecond: rate,
      durationMs: seconds * 1000,
      maxConnections: 64,
      next: textEventRequest,
    });
    const pendingAfterFixedRate = await countPending();
    const drainAfterFixedRate = await drained();
    const fixedRateProcessedIn = (performance.now() - fixedRateStarted) / 1000;
    const maxStarted = performance.now();
    const serviceMax = await closedLoop({
      origin: origin(servicePort),
      concurrency,
      durationMs: seconds * 1000,
      next: textEventRequest,
    });
    const pendingAfterMax = await countPending();
    const drainAfterMax = await drained();
    const maxProcessedIn = (performance.now() - maxStarted) / 1000;

    const stored = await inbox.countDocuments();
    // Every event the service answered 200 must be in the inbox.
    const acceptedTotal = warmup.accepted + serviceMax.accepted + sustained.accepted;

    const result = {
      bench: 'webhook',
      database: `${database.kind} ${database.version}`,
      concurrency,
      seconds,
      service: serviceMax,
      bare: bareMax,
      ratio: Math.round((serviceMax.rps / bareMax.rps) * 1000) / 1000,
      [`fixed_rate_${rate}`]: sustained,
      inbox: { accepted: acceptedTotal, stored, missing: Math.max(0, acceptedTotal - stored) },
      // The worker processes while webhooks arrive; what it could not keep up with is the backlog,
      // processed oldest first after the load ends. Events/s counts from the first request to the
      // last event processed.
      processing: {
        backlog_after_fixed_rate: pendingAfterFixedRate,
        caught_up_after_fixed_rate_s: drainAfterFixedRate,
        fixed_rate_events_per_s:
          drainAfterFixedRate === null ? null : Math.round(sustained.accepted / fixedRateProcessedIn),
        backlog_after_max: pendingAfterMax,
        caught_up_after_max_s: drainAfterMax,
        max_events_per_s: drainAfterMax === null ? null : Math.round(serviceMax.accepted / maxProcessedIn),
      },
      target: {
        sustains_1000_per_s: sustained.rps >= rate * 0.98 && sustained.errors === 0,
        p99_under_50ms: sustained.p99_ms <= 50,
        nothing_missing: stored >= acceptedTotal,
      },
    };
    console.log(JSON.stringify(result));
  } finally {
    await client.close();
    await service.stop();
    await bare.stop();
    await fake.stop();
    await slack.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
