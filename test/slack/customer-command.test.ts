import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const DAY = 24 * 3_600_000;
const lineId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

describe('/customer: the customer card from Slack', () => {
  let t: SlackTestApp;
  const hanako = lineId(0xa1);
  const hanae = lineId(0xa2);
  const taro = lineId(0xa3);
  const mori = lineId(0xa4);

  beforeAll(async () => {
    t = await startSlackTestApp();
    const now = t.clock.now();
    const { Customer, ComplaintCase, Survey, Message } = t.context.models;
    await Customer.create([
      {
        _id: hanako,
        lineUserId: hanako,
        status: 'following',
        displayName: '山田 花子',
        callName: 'ハナコ',
        birthday: { month: 3, day: 14 },
        tags: ['カット', 'VIP'],
        visitCount: 4,
        firstVisitAt: new Date(now.getTime() - 200 * DAY),
        lastVisitAt: new Date(now.getTime() - 20 * DAY),
        notes: [{ text: 'コーヒーはブラック', by: '田中', at: new Date(now.getTime() - 5 * DAY) }],
      },
      { _id: hanae, lineUserId: hanae, status: 'following', displayName: '山田 花枝' },
      { _id: taro, lineUserId: taro, status: 'blocked', displayName: 'Taro Suzuki', callName: 'たろう' },
      { _id: mori, lineUserId: mori, status: 'following', displayName: 'もりした' },
    ]);
    await Survey.create([
      {
        _id: 'v1',
        customerId: hanako,
        visitAt: now,
        status: 'answered',
        rating: 5,
        ratedAt: new Date(now.getTime() - 3 * DAY),
      },
      {
        _id: 'v2',
        customerId: hanako,
        visitAt: now,
        status: 'answered',
        rating: 4,
        ratedAt: new Date(now.getTime() - DAY),
      },
    ]);
    await ComplaintCase.create({
      customerId: hanako,
      trigger: 'message',
      status: 'open',
      openedAt: now,
      words: '予約が取れていなかった',
      history: [{ at: now, by: 'joren', action: 'opened' }],
    });
    await Message.create({
      _id: 'in:m1',
      customerId: hanako,
      direction: 'in',
      via: 'webhook',
      type: 'text',
      text: '来週は空いていますか？',
      summary: '来週は空いていますか？',
      status: 'received',
      at: now,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('shows the card for a name in katakana typed as hiragana: visits, birthday, tags, scores, cases, messages, notes', async () => {
    const answer = await t.command(t.staff, '/customer', 'はなこ');
    expect(answer.status).toBe(200);
    expect(answer.visible).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.text).toContain('山田 花子（ハナコ）');
    expect(answer.text).toContain('4 回（初回');
    expect(answer.text).toContain('3月14日');
    expect(answer.text).toContain('カット, VIP');
    expect(answer.text).toContain('4・5（平均 4.5）');
    expect(answer.text).toContain('未対応');
    expect(answer.text).toContain('来週は空いていますか？');
    expect(answer.text).toContain('コーヒーはブラック');
    expect(answer.text).toContain(hanako);
  });

  it.each([
    ['half-width katakana', 'ﾊﾅｺ'],
    ['full-width spaces around', '\u3000はなこ\u3000'],
    ['a part of the LINE name', '花子'],
    ['the name with the space left out', '山田花子'],
    ['a letter off (fuzzy)', 'ハナゴ'],
  ])('finds her by %s', async (_label, typed) => {
    const answer = await t.command(t.staff, '/customer', typed);
    expect(answer.text).toContain('山田 花子（ハナコ）');
    expect(answer.text).toContain('来週は空いていますか？');
  });

  it.each([
    ['the LINE user id', hanako],
    ['the id with @', `@${hanako}`],
    [
      'the id in full width and upper case',
      hanako.toUpperCase().replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ],
  ])('finds her by %s', async (_label, typed) => {
    const answer = await t.command(t.staff, '/customer', typed);
    expect(answer.text).toContain('山田 花子（ハナコ）');
  });

  it('several matches give a short pick list, and 「表示」 shows the one picked', async () => {
    const answer = await t.command(t.staff, '/customer', '山田');
    expect(answer.text).toContain('「山田」に当てはまるお客様が 2 人います');
    expect(answer.text).toContain('山田 花子（ハナコ）');
    expect(answer.text).toContain('山田 花枝');
    expect(answer.text).not.toContain('来週は空いていますか？');

    const shown = await t.press(
      t.staff,
      { actionId: `customer:show:${hanae}`, value: hanae },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );
    expect(shown.visible).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(shown.text).toContain('山田 花枝');
    expect(shown.text).toContain('まだありません');
  });

  it('says politely when nobody matches, and how to search', async () => {
    const answer = await t.command(t.staff, '/customer', '佐々木');
    expect(answer.text).toBe(
      '「佐々木」に当てはまるお客様は見つかりませんでした。名前の一部、カナ、または ID でお試しください。',
    );
  });

  it.each([
    ['nothing', ''],
    ['only spaces', ' \u3000 '],
    ['a text longer than any name', 'あ'.repeat(81)],
  ])('answers %s with the usage, not an error', async (_label, typed) => {
    const answer = await t.command(t.staff, '/customer', typed);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^使い方: `\/customer 名前 または ID`/);
  });

  it.each([
    ['a MongoDB operator object', '{"$gt": ""}'],
    ['$where', '$where'],
    ['a $where with code', '{"$where": "sleep(1000) || true"}'],
    ['$ne null', '{"_id": {"$ne": null}}'],
    ['a regular expression', '.*'],
    ['Slack markup', '<!channel> <@U0JORENBOT>'],
  ])('treats %s as words to search for, matching no one and revealing nothing', async (_label, typed) => {
    const answer = await t.command(t.staff, '/customer', typed);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/見つかりませんでした|^使い方/);
    expect(answer.text).not.toContain('山田');
    expect(await t.context.models.Customer.countDocuments()).toBe(4);
  });

  it('escapes what it quotes back, so a typed mention pings no one', async () => {
    const answer = await t.command(t.staff, '/customer', '<!here>');
    expect(answer.text).toContain('&lt;!here&gt;');
    expect(answer.text).not.toContain('<!here>');
  });

  it('answers through the response_url when the work takes longer than the ack budget', async () => {
    const slow = await startSlackTestApp({ slack: { ackBudgetMs: 0 } });
    try {
      await slow.context.models.Customer.create({
        _id: mori,
        lineUserId: mori,
        status: 'following',
        displayName: 'もりした',
      });
      const answer = await slow.command(slow.staff, '/customer', 'モリシタ');
      expect(answer.ack).toEqual({ response_type: 'ephemeral', text: '⏳ 確認しています…' });
      expect(answer.responses).toHaveLength(1);
      expect(answer.visible).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      expect(answer.text).toContain('もりした');
    } finally {
      await slow.stop();
    }
  });

  it('a staff member can switch to English; answers are then in English', async () => {
    const english = { userId: t.slackFake.addUser({ name: 'alex', realName: 'Alex' }) };
    expect((await t.command(english, '/joren', 'language en')).text).toBe(
      'Joren will answer you in English.',
    );
    const answer = await t.command(english, '/customer', 'たろう');
    expect(answer.text).toContain('*Taro Suzuki（たろう）* · blocked');
    expect(answer.text).toContain('Visits');
    expect((await t.command(english, '/customer', '')).text).toMatch(/^Usage: `\/customer name or ID`/);
  });
});
