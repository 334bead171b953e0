import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lineSignature } from '../../src/line/signature.js';
import { webhookEventId, type WebhookEventJson } from '../support/line-webhook.js';
import { DbView } from './support/db-view.js';
import { ChaosTally } from './support/report.js';
import { alive, CHANNEL_SECRET, startStage, waitFor, type Stage } from './support/stage.js';

type Json = Record<string, unknown>;

/**
 * Hostile and unusual webhooks against the real bot process: bad signatures, bad bodies, replays,
 * every LINE event and message type, unknown fields, emoji and long texts. Each answer must have the
 * right status, every accepted event must be processed, and the bot must stay up.
 */
describe('chaos: LINE webhooks', () => {
  let stage: Stage;
  let db: DbView;
  const tally = new ChaosTally('webhooks');
  /** Event ids the bot answered 200 for: each must end up processed. */
  const accepted: string[] = [];

  beforeAll(async () => {
    stage = await startStage();
    db = await DbView.open(stage.db.uri());
  });
  afterAll(async () => {
    const missing = await db.unprocessed(accepted).catch(() => accepted.map((id) => [id, '?']));
    tally.of('webhooks').lost += missing.length;
    tally.save();
    await db.close();
    await stage.stop();
  });

  async function post(
    body: string | Buffer,
    expected: number,
    options: { signature?: string | null; contentType?: string; events?: Json[] } = {},
  ): Promise<number> {
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    if (options.signature !== null)
      headers['x-line-signature'] = options.signature ?? lineSignature(body, CHANNEL_SECRET);
    const res = await fetch(`${stage.baseUrl}/webhooks/line`, { method: 'POST', headers, body });
    await res.arrayBuffer();
    tally.status('webhooks', res.status, expected);
    if (res.status === 200) accepted.push(...(options.events ?? []).map((e) => String(e.webhookEventId)));
    return res.status;
  }

  const send = (events: Json[], expected = 200) => post(stage.webhooks.body(events), expected, { events });

  it('refuses unsigned and wrongly signed requests with 401', async () => {
    const body = stage.webhooks.body([stage.webhooks.follow(stage.line.addUser({ displayName: 'A' }))]);
    expect(await post(body, 401, { signature: null })).toBe(401);
    expect(await post(body, 401, { signature: 'bm90IHRoZSBzaWduYXR1cmU=' })).toBe(401);
    expect(await post(body, 401, { signature: lineSignature(body, 'another-secret') })).toBe(401);
    expect(await post(body, 401, { signature: lineSignature(`${body} `, CHANNEL_SECRET) })).toBe(401);
    expect(await post(body, 401, { signature: '' })).toBe(401);
    expect(alive(stage)).toBe(true);
  });

  it('refuses bodies that are not LINE webhooks with 400, 413 and 415', async () => {
    expect(await post('{"destination":', 400)).toBe(400);
    expect(await post('[]', 400)).toBe(400);
    expect(await post('{"destination":"U1","events":[{"type":"follow"}]}', 400)).toBe(400);
    const huge = stage.webhooks.body([{ ...stage.webhooks.follow('Uhuge'), padding: 'x'.repeat(1_100_000) }]);
    expect(await post(huge, 413)).toBe(413);
    const valid = stage.webhooks.body([stage.webhooks.follow(stage.line.addUser({ displayName: 'B' }))]);
    expect(await post(valid, 415, { contentType: 'text/plain' })).toBe(415);
    expect(await post(valid, 415, { contentType: 'application/x-www-form-urlencoded' })).toBe(415);
    expect(alive(stage)).toBe(true);
  });

  it('answers deeply nested JSON without crashing: 400, or stored and processed', async () => {
    // Built as text: JSON.stringify itself runs out of stack on an object this deep.
    const depth = 100_000;
    const nested = `${'{"n":'.repeat(depth)}true${'}'.repeat(depth)}`;
    const event = JSON.stringify(stage.webhooks.follow(stage.line.addUser({ displayName: 'C' })));
    const body = `{"destination":"U0123456789abcdef0123456789abcdef","events":[${event.slice(0, -1)},"extra":${nested}}]}`;
    const res = await fetch(`${stage.baseUrl}/webhooks/line`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': lineSignature(body, CHANNEL_SECRET),
      },
      body,
    });
    await res.arrayBuffer();
    tally.status('webhooks', res.status, 400);
    expect(res.status).toBe(400);
    expect(alive(stage)).toBe(true);
  });

  it('processes a replayed webhook once', async () => {
    const userId = stage.line.addUser({ displayName: 'Replay' });
    const follow = stage.webhooks.follow(userId);
    const body = stage.webhooks.body([follow]);
    for (let i = 0; i < 3; i += 1) expect(await post(body, 200, { events: [follow] })).toBe(200);
    const redelivered = { ...follow, deliveryContext: { isRedelivery: true } };
    expect(await send([redelivered])).toBe(200);
    await waitFor(
      'the replayed follow is processed',
      async () => (await db.unprocessed([follow.webhookEventId])).length === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const deliveries = stage.line.deliveries.filter((d) => d.to === userId);
    tally.of('webhooks').sentTwice += Math.max(0, deliveries.length - 1);
    expect(deliveries).toHaveLength(1);
  });

  it('takes every LINE event and message type, unknown fields, emoji and 5,000-character texts', async () => {
    const userId = stage.line.addUser({ displayName: '絵文字😀' });
    const w = stage.webhooks;
    const group = { type: 'group', groupId: 'C0123456789abcdef0123456789abcdef', userId };
    const room = { type: 'room', roomId: 'R0123456789abcdef0123456789abcdef', userId };
    const base = (
      type: string,
      extra: Json = {},
      source: Json = { type: 'user', userId },
    ): WebhookEventJson => ({
      type,
      mode: 'active',
      timestamp: Date.now(),
      source,
      webhookEventId: webhookEventId(),
      deliveryContext: { isRedelivery: false },
      ...extra,
    });
    const events: Json[] = [
      w.follow(userId),
      w.text(userId, 'こんにちは😀🍣👨‍👩‍👧‍👦'),
      w.text(userId, 'あ'.repeat(5_000)),
      w.message(userId, {
        type: 'image',
        contentProvider: { type: 'line' },
        imageSet: { id: 'x', index: 1, total: 2 },
      }),
      w.message(userId, { type: 'video', duration: 1000, contentProvider: { type: 'line' } }),
      w.message(userId, { type: 'audio', duration: 1000, contentProvider: { type: 'line' } }),
      w.message(userId, { type: 'file', fileName: 'メニュー.pdf', fileSize: 2048 }),
      w.message(userId, {
        type: 'location',
        title: '東京駅',
        address: '東京都千代田区',
        latitude: 35.68,
        longitude: 139.76,
      }),
      w.message(userId, {
        type: 'sticker',
        packageId: '446',
        stickerId: '1988',
        stickerResourceType: 'STATIC',
        keywords: ['OK'],
      }),
      w.message(userId, { type: 'hologram', somethingNew: { a: [1, 2, 3] } }),
      w.postback(userId, 'f=unknown&x=1'),
      w.postback(userId, 'f=survey&rating=$gt', { datetime: '2025-01-01T10:00' }),
      base('unsend', { unsend: { messageId: '123' } }),
      base('videoPlayComplete', {
        replyToken: stage.line.replyTokenFor(userId),
        videoPlayComplete: { trackingId: 't' },
      }),
      base('beacon', {
        replyToken: stage.line.replyTokenFor(userId),
        beacon: { hwid: 'd41d8cd98f', type: 'enter' },
      }),
      base('accountLink', {
        replyToken: stage.line.replyTokenFor(userId),
        link: { result: 'ok', nonce: 'n' },
      }),
      base('things', {
        replyToken: stage.line.replyTokenFor(userId),
        things: { deviceId: 'd', type: 'link' },
      }),
      base('membership', {
        replyToken: stage.line.replyTokenFor(userId),
        membership: { type: 'joined', membershipId: 1 },
      }),
      base('module', { module: { type: 'attached', botId: 'U1', scopes: ['message:send'] } }),
      base('activated', { chatControl: { expireAt: Date.now() + 60_000 } }),
      base('deactivated'),
      base('botSuspended'),
      base('botResumed'),
      base('join', { replyToken: stage.line.replyTokenFor(userId) }, group),
      base(
        'memberJoined',
        { replyToken: stage.line.replyTokenFor(userId), joined: { members: [{ type: 'user', userId }] } },
        group,
      ),
      base('memberLeft', { left: { members: [{ type: 'user', userId }] } }, group),
      base(
        'message',
        { replyToken: stage.line.replyTokenFor(userId), message: { id: '9', type: 'text', text: 'hi' } },
        room,
      ),
      base('leave', {}, group),
      base('somethingLineAddsNextYear', { payload: { deep: { er: ['x'] } } }),
      // Unknown fields, some named like query operators or with dots, must be stored as they came.
      { ...w.text(userId, '.*(a+)+$'), unknown: { $gt: '', 'a.b': 1, $where: 'sleep(1000)' } },
      w.unfollow(userId),
    ];
    const statuses = [];
    for (const event of events) statuses.push([event.type, await send([event])]);
    expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
    // All of them in one request too, as LINE batches them.
    const again = events.map((event) => ({ ...event, webhookEventId: webhookEventId() }));
    expect(await send(again)).toBe(200);
    const ids = [...events, ...again].map((event) => String(event.webhookEventId));
    await waitFor(
      'every accepted event processed',
      async () => (await db.unprocessed(ids)).length === 0,
      90_000,
    ).catch(() => undefined);
    expect(await db.unprocessed(ids)).toEqual([]);
    expect(alive(stage)).toBe(true);
  });
});
