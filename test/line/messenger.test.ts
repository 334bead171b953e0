import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../src/errors.js';
import { REPLY_TOKEN_MAX_AGE_MS } from '../../src/line/messenger.js';
import { retryKeyFor } from '../../src/line/retry-key.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('LineMessenger against the fake LINE API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const messenger = () => t.context.line.messenger;
  const friend = async (name: string) => {
    const userId = t.fake.addUser({ displayName: name });
    await t.context.models.Customer.create({ _id: userId, lineUserId: userId, status: 'following' });
    return userId;
  };
  const text = (value: string) => [{ type: 'text' as const, text: value }];
  let n = 0;
  const key = () => `test:${++n}`;

  it('replies while the reply token is fresh (free) and pushes once it is stale', async () => {
    const userId = await friend('返信 太郎');
    const fresh = await messenger().send({
      to: userId,
      messages: text('返信です'),
      key: key(),
      purpose: 'reply',
      reply: { token: t.fake.replyTokenFor(userId), issuedAt: t.clock.now() },
    });
    expect(fresh).toEqual({ status: 'sent', via: 'reply' });

    const staleIssuedAt = new Date(t.clock.now().getTime() - REPLY_TOKEN_MAX_AGE_MS - 1);
    const stale = await messenger().send({
      to: userId,
      messages: text('プッシュです'),
      key: key(),
      purpose: 'reply',
      reply: { token: t.fake.replyTokenFor(userId), issuedAt: staleIssuedAt },
    });
    expect(stale).toEqual({ status: 'sent', via: 'push' });
    expect(t.fake.deliveries.filter((d) => d.to === userId).map((d) => d.via)).toEqual(['reply', 'push']);
    expect(t.fake.textsTo(userId)).toEqual(['返信です', 'プッシュです']);
  });

  it('falls back to push when LINE refuses the reply token', async () => {
    const userId = await friend('期限 切れ');
    const outcome = await messenger().send({
      to: userId,
      messages: text('こんにちは'),
      key: key(),
      purpose: 'reply',
      reply: { token: 'not-a-token-line-issued', issuedAt: t.clock.now() },
    });
    expect(outcome).toEqual({ status: 'sent', via: 'push' });
    expect(t.fake.textsTo(userId)).toEqual(['こんにちは']);
  });

  it('pushes with an X-Line-Retry-Key derived from the send key, and logs the message as sent', async () => {
    const userId = await friend('鍵 確認');
    const sendKey = key();
    const before = t.clock.now();
    await messenger().send({ to: userId, messages: text('お知らせです'), key: sendKey, purpose: 'news' });
    const push = t.fake.requests.find(
      (r) => r.path === '/v2/bot/message/push' && (r.body as { to: string }).to === userId,
    );
    expect(push?.retryKey).toBe(retryKeyFor(sendKey));
    expect(push?.retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const logged = await t.context.models.Message.findById(`${sendKey}#0`).lean();
    expect(logged).toMatchObject({
      status: 'sent',
      via: 'push',
      purpose: 'news',
      direction: 'out',
      text: 'お知らせです',
    });
    const lastContactAt = (await t.context.models.Customer.findById(userId).lean())?.lastContactAt;
    expect(lastContactAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(lastContactAt!.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
  });

  it('retries 429 and 500 with backoff until LINE accepts', async () => {
    const userId = await friend('再試行 花子');
    t.fake.failNext({ status: 429 }, { status: 500 }, { status: 503 });
    const outcome = await messenger().send({
      to: userId,
      messages: text('届きましたか'),
      key: key(),
      purpose: 'news',
    });
    expect(outcome).toEqual({ status: 'sent', via: 'push' });
    const pushes = t.fake.requests.filter(
      (r) => r.path === '/v2/bot/message/push' && (r.body as { to: string }).to === userId,
    );
    expect(pushes.map((r) => r.status)).toEqual([429, 500, 503, 200]);
    expect(new Set(pushes.map((r) => r.retryKey)).size).toBe(1);
    expect(t.fake.textsTo(userId)).toEqual(['届きましたか']);
  });

  it('treats 409 on a retry as sent: a 500 after LINE accepted does not deliver twice', async () => {
    const userId = await friend('二重 防止');
    t.fake.failNext({ status: 500, accepted: true });
    const outcome = await messenger().send({
      to: userId,
      messages: text('一度だけ'),
      key: key(),
      purpose: 'news',
    });
    expect(outcome).toEqual({ status: 'sent', via: 'push' });
    const statuses = t.fake.requests
      .filter((r) => r.path === '/v2/bot/message/push' && (r.body as { to: string }).to === userId)
      .map((r) => r.status);
    expect(statuses).toEqual([500, 409]);
    expect(t.fake.textsTo(userId)).toEqual(['一度だけ']);
  });

  it('gives up after the retry budget and says LINE is unavailable', async () => {
    const userId = await friend('障害 中');
    t.fake.failNext(...Array.from({ length: 4 }, () => ({ status: 500 as const })));
    await expect(
      messenger().send({ to: userId, messages: text('x'), key: key(), purpose: 'news' }),
    ).rejects.toMatchObject({
      code: ErrorCode.LineApiUnavailable,
    });
    expect(t.fake.textsTo(userId)).toEqual([]);
  });

  it('sending the same key twice delivers once', async () => {
    const userId = await friend('冪等 確認');
    const sendKey = key();
    const first = await messenger().send({
      to: userId,
      messages: text('一通だけ'),
      key: sendKey,
      purpose: 'news',
    });
    const second = await messenger().send({
      to: userId,
      messages: text('一通だけ'),
      key: sendKey,
      purpose: 'news',
    });
    expect(first).toEqual({ status: 'sent', via: 'push' });
    expect(second).toEqual({ status: 'already-sent' });
    expect(t.fake.textsTo(userId)).toEqual(['一通だけ']);
  });

  it('a user who blocked the shop: LINE answers 200 and delivers nothing (the unfollow event marks them)', async () => {
    const userId = await friend('ブロック 済');
    t.fake.block(userId);
    const outcome = await messenger().send({
      to: userId,
      messages: text('届かない'),
      key: key(),
      purpose: 'news',
    });
    expect(outcome).toEqual({ status: 'sent', via: 'push' });
    expect(t.fake.textsTo(userId)).toEqual([]);
  });

  it('a user LINE no longer knows (400 Failed to send messages) is marked unreachable', async () => {
    const userId = await friend('退会 済');
    t.fake.forgetUser(userId);
    const sendKey = key();
    const outcome = await messenger().send({
      to: userId,
      messages: text('届かない'),
      key: sendKey,
      purpose: 'news',
    });
    expect(outcome).toEqual({ status: 'unreachable' });
    expect(await t.context.models.Customer.findById(userId).lean()).toMatchObject({
      status: 'blocked',
      unreachableReason: 'send-failed',
    });
    expect((await t.context.models.Message.findById(`${sendKey}#0`).lean())?.status).toBe('failed');
    // No second attempt for the same send.
    expect(
      await messenger().send({ to: userId, messages: text('届かない'), key: sendKey, purpose: 'news' }),
    ).toEqual({
      status: 'unreachable',
    });
  });

  it('stops at the monthly quota instead of retrying', async () => {
    const userId = await friend('上限 到達');
    t.fake.setQuota(t.fake.usedQuota);
    await expect(
      messenger().send({ to: userId, messages: text('x'), key: key(), purpose: 'news' }),
    ).rejects.toMatchObject({
      code: ErrorCode.LineQuotaExhausted,
    });
    t.fake.setQuota(undefined);
  });

  it('refuses more than five messages before calling LINE', async () => {
    const userId = await friend('多すぎ');
    const six = Array.from({ length: 6 }, (_, i) => ({ type: 'text' as const, text: String(i) }));
    await expect(
      messenger().send({ to: userId, messages: six, key: key(), purpose: 'news' }),
    ).rejects.toThrow(RangeError);
  });
});
