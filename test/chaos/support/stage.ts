import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeLineApi } from '../../../src/sandbox/line-api/fake-line-api.js';
import { FakeSlackApi } from '../../../src/sandbox/slack-api/fake-slack-api.js';
import { SlackRequestClient } from '../../../src/sandbox/slack-api/slack-requests.js';
import { freePort } from '../../../scripts/bench/lib/processes.js';
import { LineWebhookClient } from '../../support/line-webhook.js';
import { startMain, within, type MainProcess } from '../../support/main-process.js';
import { FaultProxy } from './fault-proxy.js';
import { RestartableFerretDb } from './ferretdb.js';

export const CHANNEL_SECRET = 'chaos-channel-secret-0123456789abcdef';
export const CHANNEL_TOKEN = 'chaos-channel-access-token';
export const SIGNING_SECRET = 'chaos-slack-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-chaos-bot-token';
export const STAFF_CHANNEL = 'C0CHAOS0001';

/**
 * Everything a chaos case runs against: the real bot as a child process (`src/main.ts`, as `npm
 * start` runs it) on its own FerretDB, with the fake LINE and Slack APIs behind fault proxies.
 */
export interface Stage {
  db: RestartableFerretDb;
  line: FakeLineApi;
  lineProxy: FaultProxy;
  slack: FakeSlackApi;
  slackProxy: FaultProxy;
  bot: MainProcess;
  port: number;
  baseUrl: string;
  webhooks: LineWebhookClient;
  slackRequests: SlackRequestClient;
  /** A staff member of the shop's team. */
  staffUserId: string;
  /** Starts the bot again (after a kill) on the same port, database and fakes. */
  restartBot(): Promise<void>;
  /** Logs of every bot process this stage started, oldest first. */
  allLogs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startStage(env: Record<string, string> = {}): Promise<Stage> {
  const db = await RestartableFerretDb.start();
  const line = await FakeLineApi.start({ channelAccessToken: CHANNEL_TOKEN, record: true });
  const lineProxy = await FaultProxy.start(line.url);
  const slack = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  slack.addChannel({ id: STAFF_CHANNEL, name: 'staff', isPrivate: true });
  const staffUserId = slack.addUser({ name: 'tanaka', realName: 'Staff One', displayName: 'staff1' });
  const slackProxy = await FaultProxy.start(slack.url);
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'joren-chaos-bot-'));
  const botEnv = {
    PORT: String(port),
    MONGODB_URI: db.uri(),
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_TOKEN,
    LINE_API_BASE_URL: lineProxy.url,
    LINE_API_DATA_BASE_URL: lineProxy.url,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: `${slackProxy.url}/api/`,
    SLACK_STAFF_CHANNEL: STAFF_CHANNEL,
    SHOP_HOURS: '00:00-24:00',
    QUIET_HOURS: 'off',
    LOG_LEVEL: 'info',
    ...env,
  };
  const logs: Record<string, unknown>[] = [];
  const launch = async (): Promise<MainProcess> => {
    const bot = startMain(botEnv, cwd);
    await within(bot.listening, 'bot start', bot.logs);
    return bot;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const stage: Stage = {
    db,
    line,
    lineProxy,
    slack,
    slackProxy,
    bot: await launch(),
    port,
    baseUrl,
    webhooks: new LineWebhookClient(baseUrl, CHANNEL_SECRET, line),
    slackRequests: new SlackRequestClient(baseUrl, SIGNING_SECRET, slack),
    staffUserId,
    async restartBot() {
      logs.push(...stage.bot.logs);
      stage.bot = await launch();
    },
    allLogs: () => [...logs, ...stage.bot.logs],
    async stop() {
      const bot = stage.bot;
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.child.kill('SIGTERM');
        await Promise.race([bot.exit, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
      }
      await Promise.all([lineProxy.stop(), slackProxy.stop(), line.stop(), slack.stop()]);
      await db.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
  return stage;
}

/** Polls until `check` holds, or fails naming what was awaited. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** True while the bot process is alive (a crash is a failure of every chaos case). */
export function alive(stage: Stage): boolean {
  return stage.bot.child.exitCode === null && stage.bot.child.signalCode === null;
}
