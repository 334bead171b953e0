import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp, type App } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { SlackRequestClient } from '../../src/sandbox/slack-api/slack-requests.js';
import { freshDatabaseName, testDatabaseUri } from '../support/database.js';
import { textOf } from '../support/slack-test-app.js';

describe('Slack sandbox mode (no Slack credentials)', () => {
  const lines: Record<string, unknown>[] = [];
  const clock = new AdjustableClock();
  let app: App;
  let baseUrl: string;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'info' });
    app = await createApp({
      config,
      clock,
      log: createLogger('info', sink),
      database: { uri: testDatabaseUri(), dbName: freshDatabaseName('slack_sandbox') },
    });
    baseUrl = `http://127.0.0.1:${await app.start(0)}`;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('runs the real Slack code against the built-in simulator, says so loudly, and keeps the made-up token out of the log', async () => {
    const sandbox = app.context.slack.sandbox!;
    expect(sandbox.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const warning = lines.find((line) => String(line.msg).startsWith('SANDBOX MODE: no Slack credentials'));
    expect(warning).toMatchObject({ level: 40, slackApi: sandbox.apiUrl, staffChannel: 'C0STAFFDESK' });
    expect(JSON.stringify(lines)).not.toContain(sandbox.botToken);
    expect(JSON.stringify(lines)).not.toContain(sandbox.signingSecret);

    const slack = new SlackRequestClient(baseUrl, sandbox.signingSecret, sandbox.fake, () => clock.now());
    const sent = await slack.command({ userId: sandbox.staffUserId }, '/joren', 'help');
    expect(sent.status).toBe(200);
    expect(textOf(sent.ack as Record<string, unknown>)).toContain('Joren の使い方');

    await app.context.slack.postAlert({
      severity: 'warning',
      title: 'LINE の送信枠が残り 8% です',
      details: ['今月 9,200 / 10,000 通'],
    });
    expect(sandbox.fake.channelMessages('C0STAFFDESK').at(-1)?.text).toBe(
      '⚠️ *LINE の送信枠が残り 8% です*\n今月 9,200 / 10,000 通',
    );
  });
});
