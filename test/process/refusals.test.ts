import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectionCounter, startMain, stopAllMainProcesses, within } from '../support/main-process.js';

const line = {
  LINE_CHANNEL_SECRET: 'secret-of-the-channel',
  LINE_CHANNEL_ACCESS_TOKEN: 'token-of-the-channel',
};
const slack = {
  SLACK_SIGNING_SECRET: 'signing-secret-of-the-app',
  SLACK_BOT_TOKEN: 'xoxb-1-2-token',
  SLACK_STAFF_CHANNEL: 'C0123456789',
};

/**
 * A half-configured start must stop before it touches anything: the database, LINE and Slack all
 * point at one loopback listener that counts connections, and DATA_DIR (where the embedded database
 * would go) must not appear.
 */
describe('npm start refuses an incomplete configuration before touching any database', () => {
  let listener: Awaited<ReturnType<typeof connectionCounter>>;
  let folder: string;
  beforeAll(async () => {
    listener = await connectionCounter();
    folder = mkdtempSync(join(tmpdir(), 'joren-refusal-'));
  });
  afterAll(async () => {
    stopAllMainProcesses();
    await listener.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const db = () => ({ MONGODB_URI: `mongodb://127.0.0.1:${listener.port}/joren` });
  const apis = () => ({
    LINE_API_BASE_URL: `http://127.0.0.1:${listener.port}`,
    SLACK_API_URL: `http://127.0.0.1:${listener.port}/api/`,
  });

  async function refusal(env: Record<string, string>, cwd?: string) {
    const dataDir = join(folder, `data-${Math.random().toString(36).slice(2)}`);
    const main = startMain({ DATA_DIR: dataDir, ...apis(), ...env }, cwd);
    const code = await within(main.exit, 'exit after the refusal', main.logs);
    // A connection made just before the exit is accepted by now (one turn of this event loop later).
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { code, stderr: main.stderr(), dataDirCreated: existsSync(dataDir), logs: main.logs };
  }

  it.each([
    [
      'production without credentials',
      () => ({ NODE_ENV: 'production' }),
      'LINE and Slack are not configured, and NODE_ENV is production (the sandbox never runs there)',
      'LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_STAFF_CHANNEL, MONGODB_URI',
    ],
    [
      'a named database without credentials',
      db,
      'LINE and Slack are not configured, and the sandbox does not run on the database MONGODB_URI names',
      'LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_STAFF_CHANNEL',
    ],
    [
      'LINE without Slack',
      () => ({ ...db(), ...line }),
      'LINE is configured but Slack is not',
      'SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_STAFF_CHANNEL',
    ],
    [
      'Slack without LINE',
      () => ({ ...db(), ...slack, NODE_ENV: 'production' }),
      'Slack is configured but LINE is not',
      'LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN',
    ],
    [
      'production without MONGODB_URI',
      () => ({ ...line, ...slack, NODE_ENV: 'production' }),
      'NODE_ENV is production and MONGODB_URI is not set',
      'MONGODB_URI',
    ],
  ])('%s: exit 1, one message naming what is missing, no connection', async (_case, env, reason, missing) => {
    const before = listener.count();
    const result = await refusal(env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`joren: Refusing to start: ${reason}. Missing: ${missing}. `),
    ]);
    expect(result.stderr).toMatch(/Either set them|JOREN_EMBEDDED_DB=ferretdb/);
    expect(result.stderr).not.toMatch(/secret-of|token-of|xoxb-1/);
    expect(listener.count() - before).toBe(0);
    expect(result.dataDirCreated).toBe(false);
    expect(result.logs).toEqual([]);
  });

  it('reads .env from the working folder, under what the environment sets', async () => {
    const cwd = mkdtempSync(join(folder, 'with-env-'));
    // From the file: the LINE secret. From the environment: a valid bot token, which the file's
    // malformed one must not replace (it would stop the start with a configuration error instead).
    writeFileSync(
      join(cwd, '.env'),
      `# a shop's settings\nLINE_CHANNEL_SECRET=from-the-file\nSLACK_BOT_TOKEN=not-a-token\n`,
    );
    const result = await refusal({ ...db(), SLACK_BOT_TOKEN: 'xoxb-from-the-environment' }, cwd);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^joren: Refusing to start: LINE and Slack are only partly configured\. Missing: LINE_CHANNEL_ACCESS_TOKEN, SLACK_SIGNING_SECRET, SLACK_STAFF_CHANNEL\. /,
    );
    expect(listener.count()).toBe(0);
  });
});
