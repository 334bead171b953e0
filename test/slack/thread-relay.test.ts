import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeSlackMessage } from '../../src/sandbox/slack-api/fake-slack-api.js';
import type { CustomerSim } from '../support/customer-sim.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const HOUR = 3_600_000;

describe('customer conversations in Slack threads, both ways', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A LINE friend who finished onboarding long ago. */
  const friend = (displayName: string, callName?: string) =>
    onboardedFriend(t, displayName, callName ? { callName } : {});
  const threadOf = (sim: CustomerSim): FakeSlackMessage[] =>
    t.slackFake
      .channelMessages(t.staffChannel)
      .filter((m) => JSON.stringify(m.blocks ?? []).includes(`"value":"${sim.userId}"`));
  const repliesIn = (parent: FakeSlackMessage) => t.slackFake.threadReplies(t.staffChannel, parent.ts);
  const say = async (sim: CustomerSim, text: string) => {
    const answer = await sim.say(text);
    await t.settleAll();
    return answer;
  };
  const reply = async (text: string, parent: FakeSlackMessage, actor = t.staff) => {
    const sent = await t.slack.threadReply(actor, t.staffChannel, parent.ts, text);
    await t.settleAll();
    return sent;
  };

  it('a customer message opens a thread with their name, status and a profile button; the next joins it', async () => {
    const sim = await friend('山田 花子', 'はなこ');
    expect(await say(sim, '来週の土曜日は空いていますか？')).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    const [parent, ...others] = threadOf(sim);
    expect(others).toEqual([]);
    expect(textOf(parent as never)).toContain('💬 *山田 花子（はなこ）* · 友だち · お問い合わせ');
    expect(JSON.stringify(parent!.blocks)).toContain('"action_id":"customer:profile"');
    expect(repliesIn(parent!).map((m) => m.text)).toEqual(['来週の土曜日は空いていますか？']);

    await sim.sendSticker();
    await t.line.send(t.line.message(sim.userId, { type: 'image', contentProvider: { type: 'line' } }));
    await t.settleAll();
    expect(threadOf(sim)).toHaveLength(1);
    expect(repliesIn(parent!).map((m) => m.text)).toEqual([
      '来週の土曜日は空いていますか？',
      '[スタンプ]',
      '[画像]',
    ]);
    const logged = await t.context.models.Message.find({ customerId: sim.userId, direction: 'in' }).lean();
    expect(logged.every((m) => m.slack?.ts !== undefined)).toBe(true);
  });

  it('the profile button opens the customer card in a modal', async () => {
    const sim = await friend('佐藤 健');
    await say(sim, '予約の変更をお願いしたいです');
    const parent = threadOf(sim)[0]!;
    await t.press(
      t.staff,
      { actionId: 'customer:profile', value: sim.userId },
      { channel: t.staffChannel, messageTs: parent.ts },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1);
    expect(textOf(modal?.view)).toContain('*佐藤 健* · 友だち');
    expect(textOf(modal?.view)).toContain('予約の変更をお願いしたいです');
  });

  it('a customer cannot ping the channel or make links: their words are escaped', async () => {
    const sim = await friend('いたずら');
    await say(sim, '<!channel> 見て <https://evil.example|ここ> & よろしく');
    const [relayed] = repliesIn(threadOf(sim)[0]!);
    expect(relayed!.text).toBe('&lt;!channel&gt; 見て &lt;https://evil.example|ここ&gt; &amp; よろしく');
  });

  it("a staff reply in the thread reaches the customer's LINE by push, logged with the staff member's name", async () => {
    const sim = await friend('鈴木 一郎');
    await say(sim, '14時は空いていますか？');
    const parent = threadOf(sim)[0]!;
    const sent = await reply(
      '空いております。<https://salon.example/book|ご予約> &amp; お待ちしております',
      parent,
    );

    expect(sim.received()).toEqual([
      '空いております。ご予約 (https://salon.example/book) & お待ちしております',
    ]);
    expect(t.fake.deliveries.filter((d) => d.to === sim.userId).at(-1)?.via).toBe('push');
    const logged = await t.context.models.Message.findById(`slack:${t.staffChannel}:${sent.ts}#0`).lean();
    expect(logged).toMatchObject({ purpose: 'staff-reply', staff: '田中', status: 'sent', direction: 'out' });
    expect(t.slackFake.message(t.staffChannel, sent.ts)?.reactions).toEqual(['white_check_mark']);

    const conversation = await t.context.models.Conversation.findById(sim.userId).lean();
    expect(conversation?.handOff?.staffRepliedAt).toBeInstanceOf(Date);
    t.clock.advance(HOUR);
    expect(await say(sim, 'ではそれでお願いします')).toEqual([]);
    expect(threadOf(sim)).toHaveLength(1);
  });

  it('Slack delivering the same reply twice sends it to the customer once', async () => {
    const sim = await friend('二重 配信');
    await say(sim, '質問です');
    const parent = threadOf(sim)[0]!;
    const sent = await reply('はい、どうぞ', parent);
    await t.slack.event({
      type: 'message',
      channel: t.staffChannel,
      user: t.staff.userId,
      text: 'はい、どうぞ',
      ts: sent.ts,
      thread_ts: parent.ts,
    });
    await t.settleAll();
    expect(sim.received()).toEqual(['はい、どうぞ']);
  });

  it.each([
    ['note:', 'note: 土曜は混むので早めのご案内を'],
    ['Note： in full width', 'Ｎｏｔｅ：土曜は混むので早めのご案内を'],
    ['メモ:', 'メモ: 土曜は混むので早めのご案内を'],
  ])('a reply starting with %s stays internal, as a staff note on the customer', async (_label, typed) => {
    const sim = await friend('メモ 対象');
    await say(sim, 'よろしくお願いします');
    const sent = await reply(typed, threadOf(sim)[0]!);
    expect(sim.received()).toEqual([]);
    const customer = await t.context.models.Customer.findById(sim.userId).lean();
    expect(customer?.notes).toEqual([
      { text: '土曜は混むので早めのご案内を', by: '田中', at: expect.any(Date) },
    ]);
    const told = t.slackFake.ephemerals.at(-1);
    expect(told).toMatchObject({ user: t.staff.userId, threadTs: threadOf(sim)[0]!.ts });
    expect(told?.text).toBe('📝 メモとして保存しました（お客様には送られません）。');
    expect(t.slackFake.message(t.staffChannel, sent.ts)?.reactions).toEqual([]);
  });

  it('edits, deletions, bot posts, other threads and other channels are left alone', async () => {
    const sim = await friend('無視 テスト');
    await say(sim, 'こんにちは');
    const parent = threadOf(sim)[0]!;
    const before = t.fake.deliveries.length;
    const other = t.slackFake.addChannel({ name: 'random' });
    const events = [
      {
        type: 'message',
        subtype: 'message_changed',
        channel: t.staffChannel,
        hidden: true,
        ts: '9.1',
        message: { user: t.staff.userId, text: '編集', ts: '9.0', thread_ts: parent.ts },
      },
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: t.staffChannel,
        hidden: true,
        ts: '9.2',
        deleted_ts: '9.0',
        previous_message: { text: '消した' },
      },
      {
        type: 'message',
        subtype: 'bot_message',
        bot_id: 'B0OTHERBOT',
        channel: t.staffChannel,
        text: 'bot',
        ts: '9.3',
        thread_ts: parent.ts,
      },
      {
        type: 'message',
        user: t.staff.userId,
        bot_id: 'B0OTHERBOT',
        channel: t.staffChannel,
        text: 'app',
        ts: '9.4',
        thread_ts: parent.ts,
      },
      {
        type: 'message',
        user: t.staff.userId,
        channel: t.staffChannel,
        text: 'チャンネルへの投稿',
        ts: '9.5',
      },
      {
        type: 'message',
        user: t.staff.userId,
        channel: other,
        text: '別のチャンネル',
        ts: '9.6',
        thread_ts: parent.ts,
      },
      {
        type: 'message',
        user: t.staff.userId,
        channel: t.staffChannel,
        text: '別のスレッド',
        ts: '9.7',
        thread_ts: '1.000001',
      },
    ];
    for (const event of events) expect((await t.slack.event(event)).status).toBe(200);
    await t.settleAll();
    expect(t.fake.deliveries.length).toBe(before);
    expect((await t.context.models.Customer.findById(sim.userId).lean())?.notes).toEqual([]);
  });

  it('someone who is not staff writing in the thread is refused, and nothing is sent', async () => {
    const sim = await friend('外部 テスト');
    await say(sim, '質問があります');
    const parent = threadOf(sim)[0]!;
    // A guest from another organisation in a shared channel.
    const guest = {
      userId: t.slackFake.addUser({ name: 'guest', teamId: 'T0GUESTTEAM' }),
      teamId: 'T0GUESTTEAM',
    };
    await t.slack.threadReply(guest, t.staffChannel, parent.ts, 'こんにちは！');
    await t.settleAll();
    expect(sim.received()).toEqual([]);
    expect(t.slackFake.ephemerals.at(-1)).toMatchObject({ user: guest.userId, threadTs: parent.ts });
    expect(t.slackFake.ephemerals.at(-1)?.text).toMatch(/^申し訳ありません。/);
  });

  it('a send that fails is reported in the thread: a blocked customer, LINE failing', async () => {
    const sim = await friend('ブロック 済み');
    await say(sim, 'またね');
    const parent = threadOf(sim)[0]!;
    await t.context.models.Customer.updateOne({ _id: sim.userId }, { $set: { status: 'blocked' } });
    await reply('ありがとうございました', parent);
    expect(repliesIn(parent).at(-1)?.text).toBe(
      '⚠️ お客様に送れませんでした: お客様がブロック中か、LINE で届かない状態です',
    );

    await t.context.models.Customer.updateOne({ _id: sim.userId }, { $set: { status: 'following' } });
    t.fake.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await reply('もう一度お送りします', parent);
    expect(repliesIn(parent).at(-1)?.text).toBe(
      '⚠️ お客様に送れませんでした: LINE が受け付けませんでした（LINE_API_UNAVAILABLE）。少し待ってからもう一度返信してください',
    );
    expect(sim.received()).toEqual([]);
  });

  it('an image posted in the thread is not relayed; the staff member is told, the words still go', async () => {
    const sim = await friend('画像 テスト');
    await say(sim, '地図はありますか？');
    const parent = threadOf(sim)[0]!;
    await t.slack.threadReply(t.staff, t.staffChannel, parent.ts, 'こちらです', {
      subtype: 'file_share',
      files: [{ id: 'F1' }],
    });
    await t.settleAll();
    expect(sim.received()).toEqual(['こちらです']);
    expect(
      t.slackFake.ephemerals.some(
        (e) => e.text === '画像やファイルは LINE に送れません。文章で返信してください。',
      ),
    ).toBe(true);
  });

  it('after twelve quiet hours, a new message opens a new thread', async () => {
    const sim = await friend('再来 テスト');
    await say(sim, '先日はありがとうございました');
    t.clock.advance(13 * HOUR);
    await say(sim, 'また予約したいです');
    const threads = threadOf(sim);
    expect(threads).toHaveLength(2);
    expect(repliesIn(threads[1]!).map((m) => m.text)).toEqual(['また予約したいです']);
  });

  it('Slack rate-limiting a post is waited out; a Slack failure is retried until staff see the message', async () => {
    const sim = await friend('混雑 テスト');
    t.slackFake.rateLimitNext('chat.postMessage', 0);
    await say(sim, 'こんにちは');
    expect(t.slackFake.callsTo('chat.postMessage').some((call) => call.status === 429)).toBe(true);
    expect(repliesIn(threadOf(sim)[0]!).map((m) => m.text)).toEqual(['こんにちは']);

    const down = await friend('障害 テスト');
    t.slackFake.failNext('chat.postMessage', 'internal_error');
    expect(await say(down, '聞こえますか')).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    // The failed relay failed the event; the inbox's retry shows the message to staff, once.
    expect(threadOf(down)).toHaveLength(1);
    expect(repliesIn(threadOf(down)[0]!).map((m) => m.text)).toEqual(['聞こえますか']);
    expect((await t.context.models.Message.findOne({ customerId: down.userId }).lean())?.slack).toBeDefined();
  });
});
