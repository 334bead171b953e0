import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('processing LINE events end to end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const customer = (id: string) => t.context.models.Customer.findById(id).lean();

  it('follow: records the customer with their LINE name and replies with the welcome', async () => {
    const userId = t.fake.addUser({ displayName: '山田 花子' });
    await t.line.send(t.line.follow(userId));
    await t.settle();

    expect(await customer(userId)).toMatchObject({
      _id: userId,
      lineUserId: userId,
      displayName: '山田 花子',
      status: 'following',
      marketingOptOut: false,
    });
    const deliveries = t.fake.deliveries.filter((d) => d.to === userId);
    expect(deliveries.map((d) => d.via)).toEqual(['reply']);
    expect(t.fake.textsTo(userId)[0]).toMatch(
      /^山田 花子様、サロン常連を友だち追加いただき、ありがとうございます。/,
    );
    const log = await t.context.models.Message.find({ customerId: userId }).lean();
    expect(log.length).toBeGreaterThan(0);
    expect(
      log.every(
        (m) => m.direction === 'out' && m.via === 'reply' && m.status === 'sent' && m.purpose === 'welcome',
      ),
    ).toBe(true);
  });

  it('unfollow: marks the customer blocked and keeps the record; re-follow welcomes them back', async () => {
    const userId = t.fake.addUser({ displayName: '佐藤 健' });
    await t.line.send(t.line.follow(userId));
    await t.settle();
    t.clock.advance(60_000);
    await t.line.send(t.line.unfollow(userId));
    await t.settle();
    expect(await customer(userId)).toMatchObject({
      status: 'blocked',
      unreachableReason: 'unfollowed',
      displayName: '佐藤 健',
    });

    t.clock.advance(60_000);
    await t.line.send(t.line.follow(userId));
    await t.settle();
    const record = await customer(userId);
    expect(record).toMatchObject({ status: 'following' });
    expect(record?.unreachableReason).toBeUndefined();
    expect(t.fake.textsTo(userId).at(-1)).toMatch(/^佐藤 健様、おかえりなさいませ。/);
  });

  it('a late redelivered follow does not undo a newer unfollow', async () => {
    const userId = t.fake.addUser({ displayName: '遅延 太郎' });
    const oldFollow = t.line.follow(userId);
    t.clock.advance(30_000);
    await t.line.send(t.line.unfollow(userId));
    await t.settle();
    await t.line.send({ ...oldFollow, deliveryContext: { isRedelivery: true } });
    await t.settle();
    expect(await customer(userId)).toMatchObject({ status: 'blocked' });
  });

  it('logs every message type with a readable summary, and records a stranger who writes', async () => {
    const userId = t.fake.addUser({ displayName: '初めて 書く' });
    const events = [
      t.line.text(userId, '予約できますか？'),
      t.line.message(userId, {
        type: 'sticker',
        packageId: '446',
        stickerId: '1988',
        keywords: ['OK', 'Thanks'],
      }),
      t.line.message(userId, { type: 'image', contentProvider: { type: 'line' } }),
      t.line.message(userId, {
        type: 'location',
        title: '東京駅',
        address: '東京都千代田区',
        latitude: 35.68,
        longitude: 139.76,
      }),
      t.line.message(userId, { type: 'file', fileName: '見積書.pdf', fileSize: 2048 }),
      t.line.message(userId, { type: 'audio', duration: 12_000 }),
    ];
    events.forEach((event, i) => (event.timestamp = t.clock.now().getTime() + i));
    expect((await t.line.send(...events)).status).toBe(200);
    await t.settle();

    const log = await t.context.models.Message.find({ customerId: userId, direction: 'in' })
      .sort({ at: 1 })
      .lean();
    expect(log.map((m) => [m.type, m.summary])).toEqual([
      ['text', '予約できますか？'],
      ['sticker', '[スタンプ] OK・Thanks'],
      ['image', '[画像]'],
      ['location', '[位置情報] 東京駅'],
      ['file', '[ファイル] 見積書.pdf'],
      ['audio', '[音声] 12秒'],
    ]);
    expect(log[0]?.text).toBe('予約できますか？');
    expect(await customer(userId)).toMatchObject({ status: 'following', displayName: '初めて 書く' });
  });

  it('logs a postback and acknowledges it', async () => {
    const userId = t.fake.addUser({ displayName: 'ボタン 押す' });
    const event = t.line.postback(userId, 'flow=survey&rating=5');
    expect((await t.line.send(event)).status).toBe(200);
    await t.settle();
    const logged = await t.context.models.Message.findById(`in:${event.webhookEventId}`).lean();
    expect(logged).toMatchObject({ type: 'postback', summary: '[ボタンを選択]', direction: 'in' });
    expect((await t.context.models.InboxEvent.findById(event.webhookEventId).lean())?.status).toBe('done');
  });

  it('an unknown event type is acknowledged and left alone', async () => {
    const userId = t.fake.addUser({ displayName: '未知' });
    const event = { ...t.line.unfollow(userId), type: 'membership', membership: { type: 'joined' } };
    expect((await t.line.send(event)).status).toBe(200);
    await t.settle();
    expect((await t.context.models.InboxEvent.findById(event.webhookEventId).lean())?.status).toBe('done');
    expect(await customer(userId)).toBeNull();
  });
});
