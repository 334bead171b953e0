import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../src/errors.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TIMEOUT_MS = 200;

/**
 * The reply rule (docs/line.md): a reply whose outcome is unknown (timeout, network, 5xx) is never
 * followed by a push of the same answer; only a reply LINE definitely refused is.
 */
describe('replies against a slow or refusing LINE', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      lineRetry: { attempts: 4, baseDelayMs: 400, maxDelayMs: 800, timeoutMs: TIMEOUT_MS },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const messenger = () => t.context.line.messenger;
  const friend = async (name: string) => (await onboardedFriend(t, name)).userId;
  let n = 0;
  const send = (userId: string, text: string, token: string) =>
    messenger().send({
      to: userId,
      messages: [{ type: 'text', text }],
      key: `slow:${++n}`,
      purpose: 'reply',
      reply: { token, issuedAt: t.clock.now() },
    });
  const requestsFor = (userId: string, token: string) =>
    t.fake.requests.filter((r) => {
      const body = r.body as { to?: string; replyToken?: string };
      return body.to === userId || body.replyToken === token;
    });
  const settleFake = () => new Promise((resolve) => setTimeout(resolve, 500));

  it('LINE accepts the reply after the client timed out: one message, no push', async () => {
    const userId = await friend('遅延 一郎');
    const token = t.fake.replyTokenFor(userId);
    const before = { ...messenger().counts };
    const abandoned = t.fake.abandonedRequests;
    t.fake.failNext({ delayMs: TIMEOUT_MS + 50 });

    const outcome = await send(userId, '一度だけ届きます', token);
    await settleFake();

    expect(outcome).toEqual({ status: 'sent', via: 'reply' });
    expect(t.fake.textsTo(userId)).toEqual(['一度だけ届きます']);
    // The first reply was cut off by the client; the retry found the token used; nothing was pushed.
    expect(t.fake.abandonedRequests).toBe(abandoned + 1);
    expect(requestsFor(userId, token).map((r) => `${r.path} ${r.status}`)).toEqual([
      '/v2/bot/message/reply 200',
      '/v2/bot/message/reply 400',
    ]);
    expect(messenger().counts.replyUnconfirmed).toBe(before.replyUnconfirmed + 1);
    const logged = await t.context.models.Message.findById(`slow:${n}#0`).lean();
    expect(logged).toMatchObject({ status: 'sent', via: 'reply', unconfirmed: true });
  });

  it('LINE delivers the reply but answers 500: the retry is refused and nothing is pushed', async () => {
    const userId = await friend('障害 二郎');
    const token = t.fake.replyTokenFor(userId);
    t.fake.failNext({ status: 500, accepted: true });

    const outcome = await send(userId, '二重に届きません', token);

    expect(outcome).toEqual({ status: 'sent', via: 'reply' });
    expect(t.fake.textsTo(userId)).toEqual(['二重に届きません']);
    expect(t.fake.deliveries.filter((d) => d.to === userId).map((d) => d.via)).toEqual(['reply']);
  });

  it('a 500 where LINE sent nothing: the reply is retried with the same token and arrives once', async () => {
    const userId = await friend('再送 三郎');
    const token = t.fake.replyTokenFor(userId);
    const before = messenger().counts.replyUnconfirmed;
    t.fake.failNext({ status: 503 });

    expect(await send(userId, '届きました', token)).toEqual({ status: 'sent', via: 'reply' });
    expect(t.fake.textsTo(userId)).toEqual(['届きました']);
    expect(messenger().counts.replyUnconfirmed).toBe(before);
    expect((await t.context.models.Message.findById(`slow:${n}#0`).lean())?.unconfirmed).toBeUndefined();
  });

  it('LINE fails every reply attempt: the send fails without a push, and the retry replies once', async () => {
    const userId = await friend('停止 七郎');
    const token = t.fake.replyTokenFor(userId);
    t.fake.failNext(...Array.from({ length: 4 }, () => ({ status: 500 as const })));
    const key = `slow:${++n}`;
    const request = {
      to: userId,
      messages: [{ type: 'text' as const, text: 'あとで届きます' }],
      key,
      purpose: 'reply',
      reply: { token, issuedAt: t.clock.now() },
    };
    await expect(messenger().send(request)).rejects.toMatchObject({ code: ErrorCode.LineApiUnavailable });
    expect(t.fake.textsTo(userId)).toEqual([]);
    expect((await t.context.models.Message.findById(`${key}#0`).lean())?.status).toBe('sending');

    // The inbox retries the event: the same send replies again with the same token.
    expect(await messenger().send(request)).toEqual({ status: 'sent', via: 'reply' });
    expect(t.fake.deliveries.filter((d) => d.to === userId).map((d) => d.via)).toEqual(['reply']);
  });

  it('LINE refuses the reply token outright (expired): the answer is pushed, once', async () => {
    const userId = await friend('期限 四郎');
    const token = t.fake.replyTokenFor(userId);
    // The token was used (or expired) before Joren's reply: LINE refuses it without sending anything.
    await send(userId, '先の返信', token);
    const before = messenger().counts.pushAfterRefusedReply;

    expect(await send(userId, 'プッシュで届きます', token)).toEqual({ status: 'sent', via: 'push' });
    await settleFake();

    expect(t.fake.textsTo(userId)).toEqual(['先の返信', 'プッシュで届きます']);
    expect(t.fake.deliveries.filter((d) => d.to === userId).map((d) => d.via)).toEqual(['reply', 'push']);
    expect(messenger().counts.pushAfterRefusedReply).toBe(before + 1);
  });

  it('a push answered 429 with Retry-After waits that long before the retry', async () => {
    const userId = await friend('待機 五郎');
    t.fake.failNext({ status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const outcome = await messenger().send({
      to: userId,
      messages: [{ type: 'text', text: 'お待たせしました' }],
      key: `slow:${++n}`,
      purpose: 'news',
    });
    expect(outcome).toEqual({ status: 'sent', via: 'push' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(requestsFor(userId, '').map((r) => r.status)).toEqual([429, 200]);
  });

  it('the monthly-limit 429 is not retried', async () => {
    const userId = await friend('上限 六郎');
    t.fake.setQuota(t.fake.usedQuota);
    await expect(
      messenger().send({
        to: userId,
        messages: [{ type: 'text', text: 'x' }],
        key: `slow:${++n}`,
        purpose: 'news',
      }),
    ).rejects.toMatchObject({ code: ErrorCode.LineQuotaExhausted });
    t.fake.setQuota(undefined);
    expect(requestsFor(userId, '').map((r) => r.status)).toEqual([429]);
  });
});
