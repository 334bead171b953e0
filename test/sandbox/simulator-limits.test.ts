import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdjustableClock } from '../../src/clock.js';
import type { AppContext } from '../../src/context.js';
import { CustomerChat } from '../../src/sandbox/console/customer-chat.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { sandboxLimits } from '../../src/sandbox/limits.js';
import { startLineSandbox, type LineSandbox } from '../../src/sandbox/line-sandbox.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { startSlackSandbox } from '../../src/sandbox/slack-sandbox.js';

const limits = { records: 3, uploads: 1 };

async function pushText(fake: FakeLineApi, token: string, to: string, text: string) {
  const res = await fetch(`${fake.url}/v2/bot/message/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to, messages: [{ type: 'text', text }] }),
  });
  expect(res.status).toBe(200);
}

async function slackCall(fake: FakeSlackApi, token: string, method: string, args: Record<string, unknown>) {
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('the simulators keep bounded memory', () => {
  it('the LINE simulator keeps the latest deliveries, requests and reply tokens', async () => {
    const fake = await FakeLineApi.start({ channelAccessToken: 't', limits });
    try {
      const user = fake.addUser({ displayName: 'お客' });
      for (let i = 1; i <= 5; i++) await pushText(fake, 't', user, `第${i}便`);
      expect(fake.textsTo(user)).toEqual(['第3便', '第4便', '第5便']);
      expect(fake.requests).toHaveLength(3);
      expect(fake.deliveredTotal).toBe(5);
      expect(fake.deliveryCounts.get(user)).toBe(5);

      const tokens = Array.from({ length: 4 }, () => fake.replyTokenFor(user));
      const reply = (replyToken: string) =>
        fetch(`${fake.url}/v2/bot/message/reply`, {
          method: 'POST',
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          body: JSON.stringify({ replyToken, messages: [{ type: 'text', text: '返信' }] }),
        });
      expect((await reply(tokens[0]!)).status).toBe(400); // the oldest token was let go
      expect((await reply(tokens[3]!)).status).toBe(200);
    } finally {
      await fake.stop();
    }
  });

  it('the Slack simulator keeps the latest messages, calls and uploads', async () => {
    const fake = await FakeSlackApi.start({ botToken: 'xoxb-t', limits });
    try {
      const channel = fake.addChannel({ name: 'staff' });
      for (let i = 1; i <= 5; i++) {
        expect(
          await slackCall(fake, 'xoxb-t', 'chat.postMessage', { channel, text: `お知らせ${i}` }),
        ).toMatchObject({
          ok: true,
        });
      }
      expect(fake.channelMessages(channel).map((message) => message.text)).toEqual([
        'お知らせ3',
        'お知らせ4',
        'お知らせ5',
      ]);
      expect(fake.calls).toHaveLength(3);
      for (const filename of ['a.png', 'b.png']) {
        await slackCall(fake, 'xoxb-t', 'files.getUploadURLExternal', { filename, length: 10 });
      }
      expect([...fake.uploads.values()].map((upload) => upload.filename)).toEqual(['b.png']);
    } finally {
      await fake.stop();
    }
  });

  it('the sandbox’s simulators run with the sandbox limits', async () => {
    const clock = new AdjustableClock();
    const line = await startLineSandbox(clock);
    const slack = await startSlackSandbox(clock);
    try {
      expect(line.fake.limits).toEqual(sandboxLimits);
      expect(slack.fake.limits).toEqual(sandboxLimits);
      expect(Number.isFinite(sandboxLimits.records) && Number.isFinite(sandboxLimits.uploads)).toBe(true);
    } finally {
      await line.fake.stop();
      await slack.fake.stop();
    }
  });
});

describe('the console chat when old deliveries are let go', () => {
  let bot: Server;
  let botUrl: string;
  let sandbox: LineSandbox;
  const clock = new AdjustableClock();
  beforeAll(async () => {
    // The bot's webhook, acknowledging what the console sends (the chat is what is under test).
    bot = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', () => resolve()));
    botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
    sandbox = await startLineSandbox(clock, limits);
  });
  afterAll(async () => {
    await sandbox.fake.stop();
    await new Promise((resolve) => bot.close(resolve));
  });

  it('still places the customer’s words among the shop’s messages it keeps', async () => {
    const context = {
      clock,
      inbox: { worker: { drain: () => Promise.resolve() } },
      slack: { idle: () => Promise.resolve() },
    } as unknown as AppContext;
    const chat = new CustomerChat(context, sandbox, () => botUrl);
    const { userId } = chat.add('山田 花子');
    const shop = (text: string) => pushText(sandbox.fake, sandbox.channelAccessToken, userId, text);
    for (let i = 1; i <= 4; i++) {
      await chat.act(userId, { kind: 'text', text: `質問${i}` });
      await shop(`回答${i}`);
    }
    expect(sandbox.fake.deliveries).toHaveLength(3); // 回答1 was let go
    const shown = chat.timeline(userId).map((entry) => entry.text ?? String(entry.message?.text));
    expect(shown).toEqual(['質問1', '質問2', '回答2', '質問3', '回答3', '質問4', '回答4']);
  });
});
