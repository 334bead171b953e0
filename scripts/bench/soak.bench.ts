/**
 * bench:soak — the real app (in this process, on the embedded database, LINE and Slack faked locally)
 * under steady mixed traffic for SOAK_SECONDS: signed LINE webhooks (new customers following, known
 * customers writing, check-ins), signed Slack slash commands (/joren help, /stats, /customer), a
 * Prometheus scrape every 15 s, and every SOAK_DAY_SECONDS a day of scheduled sends (the clock moves
 * a day and the scheduler runs what is due: the check-ins' thank-yous, the daily jobs). RSS and
 * event-loop lag are sampled each second (of the whole process: app, fakes and load together, so an
 * upper bound of the app's own). Prints one JSON line last.
 *
 * Pass: no memory growth (RSS slope over the second half ≤ SOAK_MAX_SLOPE_MB_PER_MIN), p99 event-loop
 * lag ≤ 100 ms, 0 errors, 0 lost (accepted webhook events not processed, followers never answered).
 *
 * Options (env): SOAK_SECONDS (600), SOAK_WEBHOOK_RATE (10/s), SOAK_COMMAND_RATE (1/s),
 * SOAK_DAY_SECONDS (30), SOAK_CHECK_INS_PER_DAY (10), SOAK_MAX_SLOPE_MB_PER_MIN (2).
 */
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { createLogger } from '../../src/log.js';
import { atShopTime, addDays, shopDayOf } from '../../src/retention/shop-time.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { sandboxLimits } from '../../src/sandbox/limits.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { SlackRequestClient } from '../../src/sandbox/slack-api/slack-requests.js';
import { dropDatabase } from '../../test/support/database.js';
import { LineWebhookClient } from '../../test/support/line-webhook.js';
import { memoryTrend, startSampler } from './lib/soak-sampler.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const seconds = env('SOAK_SECONDS', 600);
const webhookRate = env('SOAK_WEBHOOK_RATE', 10);
const commandRate = env('SOAK_COMMAND_RATE', 1);
const daySeconds = env('SOAK_DAY_SECONDS', 30);
const checkInsPerDay = env('SOAK_CHECK_INS_PER_DAY', 10);
const maxSlope = env('SOAK_MAX_SLOPE_MB_PER_MIN', 2);
const LINE_SECRET = randomBytes(16).toString('hex');
const LINE_TOKEN = 'soak-channel-access-token';
const SLACK_SECRET = randomBytes(16).toString('hex');
const BOT_TOKEN = 'xoxb-soak-bot-token';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const ZONE = 'Asia/Tokyo';
const log = createLogger(process.env.SOAK_LOG_LEVEL ?? 'warn');

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

type Class = 'webhook' | 'command' | 'scrape' | 'day';
const requests: Record<Class, number> = { webhook: 0, command: 0, scrape: 0, day: 0 };
const errors: Record<string, number> = {};
const fail = (what: string) => void (errors[what] = (errors[what] ?? 0) + 1);

async function main() {
  const database = await startEmbeddedDatabase({ dataDir: undefined, prefer: 'auto', log });
  const dbName = `bench_soak_${Date.now()}`;
  const clock = new AdjustableClock();
  // Noon in the shop, outside quiet hours, on every day the run moves to.
  clock.travelTo(atShopTime(addDays(shopDayOf(clock.now(), ZONE), 1), '12:00', ZONE));
  const now = () => clock.now();
  const line = await FakeLineApi.start({ channelAccessToken: LINE_TOKEN, now, limits: sandboxLimits });
  const slackFake = await FakeSlackApi.start({ botToken: BOT_TOKEN, now, limits: sandboxLimits });
  // Private, as the README's set-up asks (a public one makes /joren help lead with a warning).
  const staffChannel = slackFake.addChannel({ name: 'staff', isPrivate: true });
  const staff = { userId: slackFake.addUser({ name: 'tanaka', realName: '田中 美咲' }) };
  const config = loadConfig({
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: line.url,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slackFake.apiUrl,
    SLACK_STAFF_CHANNEL: staffChannel,
    SHOP_NAME: 'サロン常連',
    SHOP_HOURS: '00:00-24:00',
    METRICS_TOKEN,
    LOG_LEVEL: 'warn',
  });
  const app = await createApp({
    config,
    clock,
    log,
    database: { uri: database.uri, dbName },
    scheduler: { processing: false },
    // Processed events are pruned after 7 shop days, and the run moves a shop day every daySeconds:
    // kept for the whole run, so "not stored" counts events lost, not events pruned as designed.
    inboxWorker: { retentionMs: (Math.ceil(seconds / daySeconds) + 8) * 24 * 3_600_000 },
  });
  const origin = `http://127.0.0.1:${await app.start(0)}`;
  const webhooks = new LineWebhookClient(origin, LINE_SECRET, line, now);
  const slack = new SlackRequestClient(origin, SLACK_SECRET, slackFake, now);
  const followers: string[] = [];
  const checkedIn = new Set<string>();
  const answersDue: { id: string; by: number }[] = [];
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let acceptedEvents = 0;

  const sendWebhook = async (event: Record<string, unknown>) => {
    requests.webhook++;
    const res = await webhooks.send(event).catch(() => undefined);
    if (res?.status === 200) acceptedEvents++;
    else fail(`webhook ${res?.status ?? 'network'}`);
  };
  const oneWebhook = () => {
    if (followers.length < 20 || Math.random() < 0.2) {
      const userId = line.addUser({ displayName: `客${followers.length}` });
      followers.push(userId);
      return sendWebhook(webhooks.follow(userId));
    }
    const userId = followers[Math.floor(Math.random() * followers.length)]!;
    return sendWebhook(webhooks.text(userId, `こんにちは ${randomBytes(3).toString('hex')}`));
  };
  let commandTurn = 0;
  const oneCommand = async () => {
    requests.command++;
    const turn = commandTurn++ % 3;
    const [command, text]: [string, string] =
      turn === 0 ? ['/joren', 'help'] : turn === 1 ? ['/stats', ''] : ['/customer', followers[0] ?? ''];
    const result = await slack.command(staff, command, text, staffChannel).catch(() => undefined);
    const ack = typeof result?.ack === 'string' ? result.ack : textOf(result?.ack.text);
    if (result?.status !== 200 || ack.startsWith('⚠️')) return fail(`command ${command}`);
    if (ack.startsWith('⏳') && result.responseUrlId)
      answersDue.push({ id: result.responseUrlId, by: performance.now() + 10_000 });
  };
  const checkAnswers = (all = false) => {
    while (answersDue.length > 0 && (all || answersDue[0]!.by <= performance.now())) {
      const { id } = answersDue.shift()!;
      const last = slackFake.responsesTo(id).at(-1);
      if (!last || textOf(last.text).startsWith('⚠️')) fail('command answer');
    }
  };
  const scrape = async () => {
    requests.scrape++;
    const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    await res.text();
    if (res.status !== 200) fail('scrape');
  };
  let scheduledRuns = 0;
  const day = async () => {
    requests.day++;
    // Some customers check in today (their thank-you is due tomorrow), then the shop's next day comes.
    const { message } = await app.context.flows.checkIns.today();
    const fresh = followers.filter((id) => !checkedIn.has(id)).slice(0, checkInsPerDay);
    for (const userId of fresh) {
      checkedIn.add(userId);
      await sendWebhook(webhooks.text(userId, message));
    }
    clock.advance(24 * 3_600_000);
    const report = await app.context.scheduler.runDue();
    scheduledRuns += report.ran.length;
    for (const run of report.ran) if (!run.ok) fail(`job ${run.job}`);
  };

  // Open loop at steady rates: what is due each 100 ms tick is sent whatever the answers' speed.
  const sampler = startSampler();
  const started = performance.now();
  const sent = { webhook: 0, command: 0 };
  let nextScrape = 0;
  let nextDay = daySeconds;
  let dayRunning: Promise<void> | undefined;
  while (performance.now() - started < seconds * 1000) {
    const elapsed = (performance.now() - started) / 1000;
    for (; sent.webhook < elapsed * webhookRate; sent.webhook++) track(oneWebhook());
    for (; sent.command < elapsed * commandRate; sent.command++) track(oneCommand());
    if (elapsed >= nextScrape) {
      nextScrape += 15;
      track(scrape());
    }
    if (elapsed >= nextDay && !dayRunning) {
      nextDay += daySeconds;
      dayRunning = day().finally(() => (dayRunning = undefined));
      track(dayRunning);
    }
    checkAnswers();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const measured = sampler.stop();
  const loadEnded = performance.now();
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  await app.context.slack.idle();
  await app.context.inbox.worker.drain();
  checkAnswers(true);

  const { InboxEvent } = app.context.models;
  const stored = await InboxEvent.countDocuments();
  const unprocessed = await InboxEvent.countDocuments({ status: { $ne: 'done' } });
  const unanswered = followers.filter((id) => (line.deliveryCounts.get(id) ?? 0) === 0).length;
  const lost = Math.max(0, acceptedEvents - stored) + unprocessed + unanswered;
  const memory = memoryTrend(measured.samples);
  const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);
  const lagP99Ms = Math.round(measured.lagP99Ms * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'soak',
      database: `${database.kind} ${database.version}`,
      durationS: Math.round((loadEnded - started) / 1000),
      // How long the app took after the load stopped to answer and process everything accepted.
      catchUpS: Math.round((performance.now() - loadEnded) / 100) / 10,
      rates: { webhookPerS: webhookRate, commandPerS: commandRate, daySeconds },
      requests,
      customers: followers.length,
      scheduledJobRuns: scheduledRuns,
      lineDeliveries: line.deliveredTotal,
      errors: errorCount,
      errorKinds: errors,
      lost: { total: lost, notStored: Math.max(0, acceptedEvents - stored), unprocessed, unanswered },
      memory,
      eventLoopLag: { p99Ms: lagP99Ms, maxMs: Math.round(measured.lagMaxMs) },
      pass: {
        noMemoryGrowth: memory.slopeMBPerMin <= maxSlope,
        lagP99Under100ms: lagP99Ms <= 100,
        noErrors: errorCount === 0,
        nothingLost: lost === 0,
      },
    }),
  );
  await app.stop();
  await dropDatabase(dbName, database.uri).catch(() => undefined);
  await database.stop();
  await line.stop();
  await slackFake.stop();
}

await main();
