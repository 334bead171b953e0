import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

/** The fake must answer as LINE documents, or the bot's tests prove nothing. */
describe('FakeLineApi behaves like the LINE Messaging API', () => {
  const token = 'fake-test-token';
  let fake: FakeLineApi;
  let userId: string;
  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: token });
    userId = fake.addUser({ displayName: 'テスト' });
  });
  afterAll(async () => {
    await fake.stop();
  });

  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };
  const text = (t: string) => ({ type: 'text', text: t });

  it('requires the bearer token', async () => {
    const res = await fetch(`${fake.url}/v2/bot/message/quota`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(401);
  });

  it('answers a bad push as it answers any other bad request (pushes skip express)', async () => {
    const raw = async (path: string, body: string, headers: Record<string, string>) => {
      const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers, body });
      return {
        status: res.status,
        body: await res.json(),
        id: res.headers.get('x-line-request-id'),
      };
    };
    const json = { 'content-type': 'application/json' };
    const auth = { authorization: `Bearer ${token}` };
    const cases: [string, Record<string, string>, number][] = [
      ['{"to":', { ...json, ...auth }, 400],
      ['"text"', { ...json, ...auth }, 400],
      [
        JSON.stringify({ to: userId, messages: [text('x')] }),
        { ...json, authorization: 'Bearer wrong' },
        401,
      ],
      [
        JSON.stringify({ to: userId, messages: [text('x'.repeat(3 * 1024 * 1024))] }),
        { ...json, ...auth },
        413,
      ],
      [JSON.stringify({ to: userId, messages: [text('x')] }), { 'content-type': 'text/plain', ...auth }, 400],
    ];
    for (const [body, headers, status] of cases) {
      const push = await raw('/v2/bot/message/push', body, headers);
      const multicast = await raw('/v2/bot/message/multicast', body, headers);
      expect([push.status, multicast.status]).toEqual([status, status]);
      expect(push.body).toEqual(multicast.body);
      expect(push.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(fake.textsTo(userId)).toEqual([]);
  });

  it('takes 1 to 5 messages and texts up to 5,000 characters', async () => {
    expect((await call('/v2/bot/message/push', { to: userId, messages: [] })).status).toBe(400);
    expect(
      (await call('/v2/bot/message/push', { to: userId, messages: Array(6).fill(text('x')) })).body,
    ).toMatchObject({
      details: [{ property: 'messages' }],
    });
    expect(
      (await call('/v2/bot/message/push', { to: userId, messages: [text('あ'.repeat(5001))] })).status,
    ).toBe(400);
    expect(
      (await call('/v2/bot/message/push', { to: userId, messages: [text('あ'.repeat(5000))] })).status,
    ).toBe(200);
  });

  it('takes at most 13 quick-reply items with labels of at most 20 characters', async () => {
    const item = (label: string) => ({ type: 'action', action: { type: 'postback', label, data: 'a=1' } });
    const withItems = (items: unknown[]) => ({
      to: userId,
      messages: [{ ...text('choose'), quickReply: { items } }],
    });
    expect((await call('/v2/bot/message/push', withItems(Array(14).fill(item('ok'))))).status).toBe(400);
    expect((await call('/v2/bot/message/push', withItems([item('x'.repeat(21))]))).status).toBe(400);
    expect((await call('/v2/bot/message/push', withItems(Array(13).fill(item('ok'))))).status).toBe(200);
  });

  it('accepts a retry key once, then answers 409 with the accepted request id', async () => {
    const headers = { 'x-line-retry-key': '123e4567-e89b-12d3-a456-426614174000' };
    const first = await call('/v2/bot/message/push', { to: userId, messages: [text('once')] }, headers);
    const again = await call('/v2/bot/message/push', { to: userId, messages: [text('once')] }, headers);
    expect(first.status).toBe(200);
    expect(again.status).toBe(409);
    expect(again.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'));
    expect(
      (
        await call(
          '/v2/bot/message/push',
          { to: userId, messages: [text('x')] },
          { 'x-line-retry-key': 'nope' },
        )
      ).status,
    ).toBe(400);
  });

  it('uses a reply token once', async () => {
    const replyToken = fake.replyTokenFor(userId);
    expect((await call('/v2/bot/message/reply', { replyToken, messages: [text('hi')] })).status).toBe(200);
    expect((await call('/v2/bot/message/reply', { replyToken, messages: [text('hi')] })).body).toEqual({
      message: 'Invalid reply token',
    });
  });

  it('answers 400 "Failed to send messages" for an unknown user and 200 without delivery for a blocked one', async () => {
    const unknown = `U${'0'.repeat(32)}`;
    expect((await call('/v2/bot/message/push', { to: unknown, messages: [text('x')] })).body).toEqual({
      message: 'Failed to send messages',
    });
    const blocked = fake.addUser({ displayName: 'ブロック' });
    fake.block(blocked);
    expect((await call('/v2/bot/message/push', { to: blocked, messages: [text('x')] })).status).toBe(200);
    expect(fake.messagesTo(blocked)).toHaveLength(0);
    expect(
      (
        await fetch(`${fake.url}/v2/bot/profile/${blocked}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(404);
  });

  it('multicasts to at most 500 ids and counts only reachable users against the quota', async () => {
    const before = fake.usedQuota;
    const others = [fake.addUser({ displayName: 'a' }), fake.addUser({ displayName: 'b' })];
    expect(
      (await call('/v2/bot/message/multicast', { to: Array(501).fill(userId), messages: [text('x')] }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('/v2/bot/message/multicast', {
          to: [...others, `U${'1'.repeat(32)}`],
          messages: [text('x')],
        })
      ).status,
    ).toBe(200);
    expect(fake.usedQuota - before).toBe(2);
  });

  it('enforces a rate limit with 429', async () => {
    fake.setRateLimit('push', 3);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await call('/v2/bot/message/push', { to: userId, messages: [text('r')] })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
  });
});
