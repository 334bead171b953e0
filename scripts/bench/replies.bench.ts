/**
 * bench:replies — does a wave of new friends get every answer by reply token, quickly, however much
 * history the shop has? On the embedded database (FerretDB, SQLite) holding the grown history (inbox
 * events, message log, customers; seeded once and cached under .cache/), the built service (`npm
 * start`) receives real signed webhooks over HTTP: FRIENDS new friends follow at RATE a second and
 * each answers the first question 3 s later; a fake LINE server records every reply and push. Then an
 * unthrottled burst of answers measures the most it sustains. The same runs on an empty database give
 * the per-event cost ratio (CPU seconds of the service and the database per event). One JSON line last.
 *
 * Options (env): BENCH_HISTORY (inbox events, default 1,000,000), BENCH_MESSAGES (= history),
 * BENCH_CUSTOMERS (history / 10), BENCH_FRIENDS (2,000), BENCH_RATE (follows a second, 100),
 * BENCH_BURST (answers in the burst, = friends), BENCH_DRAIN_LIMIT_S (how long each phase's events may
 * take to be processed, 900; the burst starts once the storm's are), BENCH_WIRE_PROFILE=1 (the database commands per event
 * of each phase on stderr, through a counting proxy: it adds a hop, so its runs are not the figures).
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Pool } from 'undici';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { lineSignature } from '../../src/line/signature.js';
import { createLogger } from '../../src/log.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { benchUserId } from './lib/bench-users.js';
import { cpuSeconds, ferretDbPid } from './lib/cpu.js';
import { freePort, startNodeProcess } from './lib/processes.js';
import { seededHistory, workingCopy } from './lib/replies-seed.js';
import { percentile } from './lib/stats.js';
import { startFlags } from './lib/start-flags.js';
import { startWireProfile, type WireProfile } from './lib/wire-profile.js';

const history = Number(process.env.BENCH_HISTORY ?? 1_000_000);
const size = {
  inboxEvents: history,
  messages: Number(process.env.BENCH_MESSAGES ?? history),
  customers: Number(process.env.BENCH_CUSTOMERS ?? Math.max(1, Math.floor(history / 10))),
};
const friends = Number(process.env.BENCH_FRIENDS ?? 2_000);
const rate = Number(process.env.BENCH_RATE ?? 100);
const burst = Number(process.env.BENCH_BURST ?? friends);
const ANSWER_AFTER_MS = 3_000;
/** How long after the last webhook of a phase its events may take to be processed. */
const DRAIN_LIMIT_MS = Number(process.env.BENCH_DRAIN_LIMIT_S ?? 900) * 1000;
const DB_NAME = 'bench_replies';
const token = 'bench-token';
const log = createLogger('warn');
const progress = (line: string) => process.stderr.write(`bench:replies ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sent {
  at: number;
  stage: number;
}

async function run(label: string, seededDir: string | undefined) {
  const dataDir = workingCopy(seededDir, join(tmpdir(), `joren-bench-replies-${label}`));
  const database = await startEmbeddedDatabase({ dataDir, prefer: 'ferretdb', log });
  const dbPid = ferretDbPid(dataDir);
  const wire = process.env.BENCH_WIRE_PROFILE ? await startWireProfile(database.uri) : undefined;
  const secret = randomBytes(16).toString('hex');
  const fake = await FakeLineApi.start({ channelAccessToken: token, record: false });
  const slack = await FakeSlackApi.start({ botToken: 'xoxb-bench-token' });
  const staffChannel = slack.addChannel({ name: 'joren-staff' });
  const port = await freePort();
  const service = await startNodeProcess({
    args: [...startFlags(), 'dist/src/main.js'],
    port,
    timeoutMs: 300_000,
    env: {
      PORT: String(port),
      MONGODB_URI: `${(wire?.uri ?? database.uri).replace(/\/$/, '')}/${DB_NAME}`,
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
  const client = await MongoClient.connect(database.uri);
  const pending = client.db(DB_NAME).collection('inboxPending');
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 64 });
  const serviceCpu = () => cpuSeconds(service.child.pid!);
  const cpu = () => serviceCpu() + (dbPid ? cpuSeconds(dbPid) : 0);

  // Real LINE user ids (U + 32 hex digits), or the fake refuses the pushes a late answer needs.
  const users = Array.from({ length: friends }, (_, i) => benchUserId(i));
  for (const userId of users) fake.addUser({ displayName: 'ベンチ' }, userId);
  const sent = new Map<string, Sent[]>();
  const answered = new Map<string, number>();
  const latencies: number[] = [];
  let replies = 0;
  let pushes = 0;
  fake.onDelivery((delivery) => {
    const queue = sent.get(delivery.to);
    if (!queue) return;
    if (delivery.via === 'push') pushes++;
    else replies++;
    const stage = answered.get(delivery.to) ?? 0;
    answered.set(delivery.to, stage + 1);
    const request = queue.find((s) => s.stage === stage);
    if (request) latencies.push(performance.now() - request.at);
  });

  let sequence = 0;
  const post = async (userId: string, event: Record<string, unknown>) => {
    const body = JSON.stringify({
      destination: 'U0123456789abcdef0123456789abcdef',
      events: [
        {
          mode: 'active',
          timestamp: Date.now(),
          source: { type: 'user', userId },
          webhookEventId: `01BENCH${label}${(sequence++).toString(36).toUpperCase().padStart(16, '0')}`,
          deliveryContext: { isRedelivery: false },
          replyToken: fake.replyTokenFor(userId),
          ...event,
        },
      ],
    });
    const { statusCode, body: answer } = await pool.request({
      method: 'POST',
      path: '/webhooks/line',
      headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body, secret) },
      body,
    });
    await answer.dump();
    if (statusCode !== 200) throw new Error(`webhook answered ${statusCode}`);
  };
  const text = (text: string) => ({
    type: 'message',
    message: { id: String(1e15 + sequence), type: 'text', text, quoteToken: 'q' },
  });
  const track = (userId: string, stage: number) => {
    const list = sent.get(userId) ?? [];
    list.push({ at: performance.now(), stage });
    sent.set(userId, list);
  };

  try {
    await idle(cpu);
    progress(`${label}: storm of ${friends} friends`);
    // The storm: follows at `rate` a second, each friend answering the first question 3 s later.
    const cpuBefore = cpu();
    const serviceCpuBefore = serviceCpu();
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < users.length; i++) {
      const userId = users[i]!;
      const due = started + (i * 1000) / rate;
      await sleep(Math.max(0, due - performance.now()));
      track(userId, 0);
      sends.push(post(userId, { type: 'follow', follow: { isUnblocked: false } }));
      sends.push(
        sleep(ANSWER_AFTER_MS).then(() => {
          track(userId, 1);
          return post(userId, text('ゆうこ'));
        }),
      );
    }
    await Promise.all(sends);
    const expected = users.length * 2;
    // Every event gets one answer (by reply, or by push once the token is gone): wait for all of them
    // and for the inbox to be empty, so the processing rate and the CPU are those of the whole storm.
    const deadline = performance.now() + DRAIN_LIMIT_MS;
    while (replies + pushes < expected && performance.now() < deadline) await sleep(100);
    while ((await pending.countDocuments()) > 0 && performance.now() < deadline) await sleep(100);
    const stormSeconds = (performance.now() - started) / 1000;
    const stormCpu = cpu() - cpuBefore;
    const stormServiceCpu = serviceCpu() - serviceCpuBefore;
    printWireProfile(wire, `${label} storm`, users.length * 2);
    const storm = { replies, pushes, latencies: [...latencies] };

    progress(`${label}: ${replies} replies, ${pushes} pushes; burst of ${burst}`);
    // The most it sustains: every friend answers again at once, as fast as the webhook takes them.
    const burstUsers = Array.from({ length: burst }, (_, i) => users[i % users.length]!);
    const burstCpuBefore = cpu();
    const burstStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < burstUsers.length) await post(burstUsers[next++]!, text('スキップ'));
      }),
    );
    const acknowledgedIn = (performance.now() - burstStarted) / 1000;
    const burstDeadline = performance.now() + DRAIN_LIMIT_MS;
    while ((await pending.countDocuments()) > 0 && performance.now() < burstDeadline) await sleep(50);
    const left = await pending
      .find({}, { projection: { attempts: 1, lastError: 1, type: 1 } })
      .limit(3)
      .toArray();
    if (left.length > 0) progress(`${label}: still waiting after the burst: ${JSON.stringify(left)}`);
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const burstCpu = cpu() - burstCpuBefore;
    printWireProfile(wire, `${label} burst`, burst);

    const sorted = storm.latencies.sort((a, b) => a - b);
    const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
    const answered = storm.replies + storm.pushes;
    // An event never answered counts as slower than any answered one.
    const slowest = [...sorted, ...Array<number>(Math.max(0, expected - sorted.length)).fill(Infinity)];
    const ms = (n: number) => (Number.isFinite(n) ? round(n) : null);
    return {
      events: expected,
      answered,
      processed_events_per_s: round(answered / stormSeconds),
      storm_drained_in_s: round(stormSeconds),
      p50_ms: ms(percentile(slowest, 50)),
      p99_ms: ms(percentile(slowest, 99)),
      max_ms: ms(slowest.at(-1) ?? NaN),
      by_reply_token: round(storm.replies / expected, 4),
      pushes: storm.pushes,
      cpu_ms_per_event: round((stormCpu * 1000) / Math.max(1, answered), 2),
      service_cpu_ms_per_event: round((stormServiceCpu * 1000) / Math.max(1, answered), 2),
      burst: {
        events: burst,
        acknowledged_in_s: round(acknowledgedIn, 2),
        processed_in_s: round(burstSeconds, 2),
        max_sustained_events_per_s: round(burst / burstSeconds),
        cpu_ms_per_event: round((burstCpu * 1000) / burst, 2),
      },
    };
  } finally {
    await pool.close();
    await client.close();
    await service.stop();
    await wire?.stop();
    await fake.stop();
    await slack.stop();
    await database.stop();
  }
}

/** BENCH_WIRE_PROFILE=1: the database commands of a phase, per event, on stderr; then starts afresh. */
function printWireProfile(wire: WireProfile | undefined, phase: string, events: number): void {
  if (!wire) return;
  const rows = wire.report();
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  progress(`${phase}: ${(total / events).toFixed(1)} database commands per event`);
  for (const row of rows.slice(0, 25)) {
    progress(
      `  ${(row.count / events).toFixed(2)}/event ${row.total_ms} ms total, max ${row.max_ms} ms: ${row.command}`,
    );
  }
  wire.reset();
}

/** Waits until the service and the database are quiet (the start's upkeep is over). */
async function idle(cpu: () => number): Promise<void> {
  // FerretDB's index upkeep and the worker's sweep use a little CPU even when nothing happens.
  for (let i = 0; i < 120; i++) {
    const before = cpu();
    await sleep(1_000);
    if (cpu() - before < 0.15) return;
  }
}

async function main() {
  const seedStarted = performance.now();
  progress(`history of ${JSON.stringify(size)}`);
  const seeded = await seededHistory(DB_NAME, size, log);
  const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
  const grown = await run('history', seeded);
  const empty = await run('empty', undefined);
  const ratio = Math.round((grown.cpu_ms_per_event / empty.cpu_ms_per_event) * 100) / 100;
  const burstRatio = Math.round((grown.burst.cpu_ms_per_event / empty.burst.cpu_ms_per_event) * 100) / 100;
  const result = {
    bench: 'replies',
    database: 'ferretdb v1.24.2 (SQLite)',
    history: size,
    seed_s: seedSeconds,
    friends,
    follow_rate_per_s: rate,
    with_history: grown,
    empty_database: empty,
    cost_ratio: ratio,
    burst_cost_ratio: burstRatio,
    target: {
      reply_token_99_9: grown.by_reply_token >= 0.999,
      p99_under_1s: grown.p99_ms !== null && grown.p99_ms <= 1_000,
      no_pushes: grown.pushes === 0,
      sustains_500_per_s: grown.burst.max_sustained_events_per_s >= 500,
      ratio_under_1_2: Math.max(ratio, burstRatio) <= 1.2,
    },
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
