import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lineSignature } from '../../src/line/signature.js';
import { startTestApp, TEST_CHANNEL_SECRET, type TestApp } from '../support/test-app.js';

describe('POST /webhooks/line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const inboxCount = () => t.context.models.InboxEvent.countDocuments();

  it('stores a correctly signed event and answers 200', async () => {
    const userId = t.fake.addUser({ displayName: '山田 花子' });
    const event = t.line.text(userId, 'こんにちは');
    const res = await t.line.send(event);
    expect(res.status).toBe(200);
    const stored = await t.context.models.InboxEvent.findById(event.webhookEventId).lean();
    expect(stored).toMatchObject({ type: 'message', userId, sourceType: 'user', redelivery: false });
  });

  it('answers 401 and stores nothing when the signature is wrong', async () => {
    const userId = t.fake.addUser({ displayName: '偽物' });
    const body = t.line.body([t.line.text(userId, 'x')]);
    const before = await inboxCount();
    const res = await t.line.postRaw(body, lineSignature(body, 'some-other-secret'));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'SIGNATURE_INVALID' });
    expect(await inboxCount()).toBe(before);
  });

  it('answers 401 and stores nothing when the signature is missing', async () => {
    const userId = t.fake.addUser({ displayName: '署名なし' });
    const before = await inboxCount();
    const res = await t.line.postRaw(t.line.body([t.line.text(userId, 'x')]), null);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'SIGNATURE_MISSING' });
    expect(await inboxCount()).toBe(before);
  });

  it('rejects a body changed after signing', async () => {
    const userId = t.fake.addUser({ displayName: '改ざん' });
    const body = t.line.body([t.line.text(userId, '本物')]);
    const res = await t.line.postRaw(body.replace('本物', '偽物'), lineSignature(body, TEST_CHANNEL_SECRET));
    expect(res.status).toBe(401);
  });

  it('answers 400 to malformed JSON that is correctly signed', async () => {
    const res = await t.line.postRaw('{"destination": "U1", "events": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'BODY_MALFORMED' });
  });

  it('answers 400 to JSON that is not a webhook body', async () => {
    const res = await t.line.postRaw(JSON.stringify({ destination: 'U1', events: [{ type: 'message' }] }));
    expect(res.status).toBe(400);
    expect((await res.json()) as { message: string }).toMatchObject({
      message: expect.stringContaining('events.0'),
    });
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await t.line.postRaw(Buffer.alloc(1024 * 1024 + 10, 'a'));
    expect(res.status).toBe(413);
  });

  it("answers 200 to the LINE console's verify request and stores nothing", async () => {
    const before = await inboxCount();
    const res = await t.line.postRaw(
      JSON.stringify({ destination: 'U0123456789abcdef0123456789abcdef', events: [] }),
    );
    expect(res.status).toBe(200);
    expect(await inboxCount()).toBe(before);
  });

  it('processes a duplicate POST and a redelivery of one event once', async () => {
    const userId = t.fake.addUser({ displayName: '佐藤 健' });
    const follow = t.line.follow(userId);
    const body = t.line.body([follow]);
    const redelivered = t.line.body([{ ...follow, deliveryContext: { isRedelivery: true } }]);
    const answers = await Promise.all([
      t.line.postRaw(body),
      t.line.postRaw(body),
      t.line.postRaw(redelivered),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await t.settle();
    // Once more, after processing finished.
    expect((await t.line.postRaw(redelivered)).status).toBe(200);
    await t.settle();

    expect(await t.context.models.InboxEvent.countDocuments({ _id: follow.webhookEventId })).toBe(1);
    expect(t.fake.deliveries.filter((d) => d.to === userId)).toHaveLength(1);
    const stored = await t.context.models.InboxEvent.findById(follow.webhookEventId).lean();
    expect(stored).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('stores several events of one request, and ignores events from groups', async () => {
    const userId = t.fake.addUser({ displayName: 'グループ参加者' });
    const groupMessage = {
      ...t.line.text(userId, '皆さんこんにちは'),
      source: { type: 'group', groupId: 'C0123', userId },
    };
    const join = { ...t.line.follow(userId), type: 'join', source: { type: 'group', groupId: 'C0123' } };
    const res = await t.line.send(groupMessage, join);
    expect(res.status).toBe(200);
    await t.settle();
    const events = await t.context.models.InboxEvent.find({
      _id: { $in: [groupMessage.webhookEventId, join.webhookEventId] },
    }).lean();
    expect(events.map((e) => e.status)).toEqual(['done', 'done']);
    expect(t.fake.textsTo(userId)).toHaveLength(0);
    expect(await t.context.models.Message.countDocuments({ customerId: userId })).toBe(0);
  });
});
