/**
 * bench:fanout — a personalised seasonal greeting pushed to 100,000 consenting customers, by the real
 * app (built, in its own process, on the embedded database) against the fake LINE API in another
 * process that enforces 2,000 push requests a second and answers 1% of requests with 500 (half of
 * them after accepting the message) and 1% with 429. Run twice: straight through, and killed with
 * SIGKILL once mid-run, then restarted. One JSON line last, for both runs: wall time (from starting
 * the bot process to its exit, restart included) and sends/s over it; the send phase (the 100 ms ticks
 * in which LINE received deliveries) and sends/s over that; peak RSS; duplicates and missing
 * deliveries (counted by the fake LINE API).
 *
 * env: BENCH_CUSTOMERS (default 100000), BENCH_KILL_AT (share delivered before the kill, 0.5),
 * BENCH_RUNS (`clean,killed`, or one of them), BENCH_TRACE=1 (deliveries so far, each second, on stderr).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { connectDatabase } from '../../src/db/connect.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';
import { benchUserId } from './lib/bench-users.js';
import { startFlags } from './lib/start-flags.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const killAt = Number(process.env.BENCH_KILL_AT ?? 0.5);
const runs = (process.env.BENCH_RUNS ?? 'clean,killed').split(',');
const trace = process.env.BENCH_TRACE === '1';
const token = 'bench-token';
const clockStart = '2027-07-15T10:00:00+09:00';
const log = createLogger('warn');

interface FakeStats {
  delivered: number;
  duplicates: number;
  missing: number;
}

/** The fake LINE API process, and a way to ask it things. */
async function startFake(): Promise<{
  url: string;
  ask: <T>(type: string) => Promise<T>;
  stop: () => Promise<void>;
}> {
  const child = fork('scripts/bench/fanout-fake-line.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      FAKE_TOKEN: token,
      FAKE_USERS: String(customers),
      FAKE_PUSH_RATE: '2000',
      FAKE_FAULT_RATE: '0.01',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { type: string; url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`fake LINE API exited with ${code}`)));
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const listener = (m: { type: string } & T) => {
        if (m.type !== type) return;
        child.off('message', listener);
        resolve(m);
      };
      child.on('message', listener);
      child.send({ type });
    });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    await exited;
  };
  return { url, ask, stop };
}

/**
 * The shop's customers, in a database as the app keeps it: its collections and indexes exist before
 * the customers arrive (the first start of the bot would otherwise build the customers' indexes over
 * 100,000 documents, a one-off of seconds that is not the fan-out's work).
 */
async function seed(uri: string, dbName: string) {
  const schema = await connectDatabase(uri, log, { dbName });
  await schema.close();
  const client = await MongoClient.connect(uri);
  try {
    const collection = client.db(dbName).collection('customers');
    const now = new Date('2027-07-01T00:00:00Z');
    for (let i = 0; i < customers; i += 5_000) {
      const docs = [];
      for (let j = i; j < Math.min(customers, i + 5_000); j++) {
        const id = benchUserId(j);
        docs.push({
          _id: id as unknown as never,
          lineUserId: id,
          displayName: `お客様${j}`,
          status: 'following',
          marketingOptOut: false,
          tags: [],
          notes: [],
          externalIds: [],
          visitCount: 1 + (j % 7),
          followedAt: now,
          lastContactAt: now,
          createdAt: now,
          updatedAt: now,
        });
      }
      await collection.insertMany(docs, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

/** Starts one bot process; resolves when it exits, with its peak RSS read from /proc while it ran. */
function runWorker(env: Record<string, string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    [...startFlags(), 'dist/scripts/bench/fanout-worker.js'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // the process has just exited
    }
  }, 50);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; report?: { maxRssMb: number } }>(
    (resolve) => {
      child.once('exit', (code, signal) => {
        clearInterval(poll);
        const lines = output.trim().split('\n');
        const last = lines.pop();
        if (process.env.BENCH_LOG_LEVEL) for (const line of lines) console.error(line);
        resolve({ code, signal, ...(last ? { report: JSON.parse(last) as { maxRssMb: number } } : {}) });
      });
    },
  );
  return { child, done, peakMb: () => Math.round(peakKb / 1024) };
}

async function run(uri: string, name: string, kill: boolean) {
  const dbName = `bench_fanout_${name}`;
  const fake = await startFake();
  await seed(uri, dbName);
  const env = {
    MONGODB_URI: `${uri.replace(/\/$/, '')}/${dbName}`,
    LINE_CHANNEL_SECRET: 'bench-secret',
    LINE_CHANNEL_ACCESS_TOKEN: token,
    LINE_API_BASE_URL: fake.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    BENCH_CLOCK_START: clockStart,
  };
  const started = performance.now();
  let peakMb = 0;
  let killedAfter: number | undefined;
  // The send phase: the ~100 ms samples over which LINE received at least one delivery (start-up,
  // reading the audience, the kill and the restart fall outside it).
  let sendingMs = 0;
  let seen = 0;
  let sampledAt = started;
  let sampling = true;
  let worker = runWorker(env);
  if (trace) console.error(`${name}: bot started at ${Date.now()}`);
  const sampler = (async () => {
    while (sampling) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { delivered } = await fake.ask<{ delivered: number }>('count');
      const now = performance.now();
      if (delivered > seen) sendingMs += now - sampledAt;
      if (trace && Math.floor((now - started) / 1000) > Math.floor((sampledAt - started) / 1000)) {
        console.error(`${Math.round((now - started) / 100) / 10}s delivered=${delivered}`);
      }
      sampledAt = now;
      seen = delivered;
      if (kill && killedAfter === undefined && delivered >= customers * killAt) {
        worker.child.kill('SIGKILL');
        killedAfter = delivered;
        if (trace) console.error(`killed at ${Date.now()} after ${delivered} deliveries`);
      }
    }
  })();
  if (kill) {
    while (killedAfter === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.done;
    peakMb = worker.peakMb();
    worker = runWorker(env);
  }
  const result = await worker.done;
  const wallS = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  peakMb = Math.max(peakMb, worker.peakMb(), result.report?.maxRssMb ?? 0);
  if (result.code !== 0) throw new Error(`bench worker exited with ${result.code ?? result.signal}`);
  const stats = await fake.ask<FakeStats>('stats');
  await fake.stop();
  const client = await MongoClient.connect(uri);
  const logged = await client
    .db(dbName)
    .collection('messages')
    .countDocuments({ purpose: 'seasonal', status: 'sent' });
  await client.close();
  return {
    wall_s: Math.round(wallS * 10) / 10,
    sends_per_s: Math.round(stats.delivered / wallS),
    send_phase_s: Math.round(sendingMs / 100) / 10,
    send_phase_sends_per_s: Math.round(stats.delivered / (sendingMs / 1000)),
    peak_rss_mb: peakMb,
    delivered: stats.delivered,
    duplicates: stats.duplicates,
    missing: stats.missing,
    missing_in_log: customers - logged,
    ...(killedAfter !== undefined ? { killed_after_deliveries: killedAfter } : {}),
  };
}

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  try {
    type Result = Awaited<ReturnType<typeof run>>;
    const clean = runs.includes('clean') ? await run(database.uri, 'clean', false) : undefined;
    const killed = runs.includes('killed') ? await run(database.uri, 'killed', true) : undefined;
    const meets = (r: Result | undefined) =>
      r === undefined
        ? undefined
        : r.sends_per_s >= 1600 && r.peak_rss_mb <= 300 && r.duplicates === 0 && r.missing === 0;
    console.log(
      JSON.stringify({
        bench: 'fanout',
        database: `${database.kind} ${database.version}`,
        customers,
        line_limits: { push_per_s: 2000, rate500: 0.01, rate429: 0.01 },
        clean,
        killed_once: killed,
        target: { sends_per_s: 1600, peak_rss_mb: 300, clean_ok: meets(clean), killed_ok: meets(killed) },
        note: 'shared 2-core machine: timings are pessimistic',
      }),
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
