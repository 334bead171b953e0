import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseYen, visitArguments } from '../../src/slack/commands/visit-arguments.js';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const DAY = 24 * 3_600_000;
const lineId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

describe('amounts and arguments of /visit', () => {
  it('reads yen typed with ¥, commas, 円 and full-width digits', () => {
    expect(parseYen('¥5,000')).toBe(5000);
    expect(parseYen('５０００円')).toBe(5000);
    expect(parseYen('￥１２，３４５')).toBe(12345);
    expect(parseYen('8800')).toBe(8800);
    expect(parseYen('5,00')).toBeUndefined();
    expect(parseYen('abc')).toBeUndefined();
    expect(parseYen('-500')).toBeUndefined();
    expect(parseYen('99999999999')).toBeUndefined();
  });

  it('splits customer, menu and amount; quotes keep a full name together', () => {
    expect(visitArguments.parse('はなこ カット ¥5,000')).toEqual({
      customer: { kind: 'name', text: 'はなこ' },
      menu: 'カット',
      amount: 5000,
    });
    expect(visitArguments.parse('「山田　花子」 カット　カラー')).toEqual({
      customer: { kind: 'name', text: '山田 花子' },
      menu: 'カット カラー',
    });
    expect(visitArguments.parse('@U00000000000000000000000000000ab1 3000円')).toEqual({
      customer: { kind: 'id', id: 'U00000000000000000000000000000ab1' },
      amount: 3000,
    });
    expect(visitArguments.safeParse('').success).toBe(false);
    expect(visitArguments.safeParse('はなこ カット 123456789012').success).toBe(false);
    expect(visitArguments.safeParse(`はなこ ${'長'.repeat(101)}`).success).toBe(false);
  });
});

describe('/visit: record a visit from Slack', () => {
  let t: SlackTestApp;
  const hanako = lineId(0xb1);
  const hanae = lineId(0xb2);
  const kenta = lineId(0xb3);

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-11-03T15:00:00+09:00') });
    const now = t.clock.now();
    for (const [id, name] of [
      [hanako, '山田 花子'],
      [hanae, '山田 花枝'],
      [kenta, '佐藤 健太'],
    ] as const) {
      t.fake.addUser({ displayName: name }, id);
    }
    await t.context.models.Customer.create([
      { _id: hanako, lineUserId: hanako, status: 'following', displayName: '山田 花子', callName: 'ハナコ' },
      { _id: hanae, lineUserId: hanae, status: 'following', displayName: '山田 花枝' },
      {
        _id: kenta,
        lineUserId: kenta,
        status: 'following',
        displayName: '佐藤 健太',
        firstVisitAt: new Date(now.getTime() - 180 * DAY),
        lastVisitAt: new Date(now.getTime() - 120 * DAY),
        visitCount: 3,
      },
    ]);
    // The visits behind kenta's counters (the daily lapse scan recounts counters from visits).
    await t.context.models.Visit.create(
      [180, 150, 120].map((days) => ({
        _id: `seed:kenta:${days}`,
        customerId: kenta,
        at: new Date(now.getTime() - days * DAY),
        source: 'staff' as const,
      })),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  const visitsOf = (customerId: string) => t.context.models.Visit.find({ customerId }).lean();

  it('records a visit typed in katakana and full-width, and confirms the planned sends in shop time', async () => {
    const answer = await t.command(t.staff, '/visit', 'はなこ カット ￥５，０００');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('山田 花子（ハナコ）様のご来店を記録しました');
    expect(answer.text).toContain('メニュー: カット · 金額: 5,000円');
    expect(answer.text).toContain('お礼のメッセージ: 11/4 10:00 に送信予定');
    expect(answer.text).toContain('アンケート: 11/10 10:00 に送信予定');
    const visits = await visitsOf(hanako);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ menu: 'カット', amount: 5000, source: 'staff', staff: t.staff.userId });
    expect(await t.context.models.Customer.findById(hanako).lean()).toMatchObject({ visitCount: 1 });

    await travel(t, tokyo('2027-11-04', '10:00'));
    const texts = t.fake.textsTo(hanako);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('「カット」');
    t.clock.travelTo(new Date('2027-11-03T15:00:00+09:00'));
  });

  it('records once when Slack sends the same command again (same trigger id)', async () => {
    const triggerId = '1111.2222.aaaabbbbcccc';
    const send = () =>
      t.slack.postRaw(
        stringify({
          team_id: t.slackFake.teamId,
          channel_id: t.staffChannel,
          user_id: t.staff.userId,
          user_name: 'tanaka',
          command: '/visit',
          text: '花枝 カラー 8800円',
          api_app_id: 'A0JORENAPP',
          response_url: t.slackFake.issueResponseUrl().url,
          trigger_id: triggerId,
        }),
        { contentType: 'application/x-www-form-urlencoded' },
      );
    const first = await send();
    t.clock.travelTo(new Date(t.clock.now().getTime() + 5_000));
    const again = await send();
    await t.settleAll();
    expect(textOf(first.ack as Record<string, unknown>)).toContain('ご来店を記録しました');
    expect(textOf(again.ack as Record<string, unknown>)).toContain('すでに記録済み');
    expect(await visitsOf(hanae)).toHaveLength(1);
    expect(await t.context.models.Customer.findById(hanae).lean()).toMatchObject({ visitCount: 1 });
    const jobs = await t.context.scheduler.followUpsOf(hanae);
    expect(jobs.map((job) => job.name).sort()).toEqual(['post-visit-survey', 'post-visit-thanks']);
    t.clock.travelTo(new Date('2027-11-03T15:00:00+09:00'));
  });

  it('offers a pick list when several customers match; the pick records once however often it is pressed', async () => {
    const answer = await t.command(t.staff, '/visit', '山田 パーマ');
    expect(answer.text).toContain('当てはまるお客様が 2 人います');
    const blocks = answer.visible.blocks as { accessory?: { action_id: string; value: string } }[];
    const button = blocks.map((b) => b.accessory).find((a) => a?.action_id === `visit:pick:${hanae}`)!;
    expect(button).toBeDefined();
    const before = (await visitsOf(hanae)).length;
    const where = { channel: t.staffChannel, messageTs: '1.000', ephemeral: true };
    const picked = await t.press(t.staff, { actionId: button.action_id, value: button.value }, where);
    expect(picked.text).toContain('山田 花枝様のご来店を記録しました');
    expect(picked.text).toContain('メニュー: パーマ');
    const again = await t.press(t.staff, { actionId: button.action_id, value: button.value }, where);
    expect(again.text).toContain('すでに記録済み');
    expect(await visitsOf(hanae)).toHaveLength(before + 1);
  });

  it('marks a pending win-back episode won back', async () => {
    const now = t.clock.now();
    await t.context.models.WinBack.create({
      _id: `${kenta}:2027-10-01`,
      customerId: kenta,
      lapsedAt: new Date(now.getTime() - 30 * DAY),
      checkInSentAt: new Date(now.getTime() - 10 * DAY),
      outcome: 'pending',
    });
    const answer = await t.command(t.staff, '/visit', '健太');
    expect(answer.text).toContain('ウィンバック成功');
    expect(await t.context.models.WinBack.findById(`${kenta}:2027-10-01`).lean()).toMatchObject({
      outcome: 'won-back',
    });
    expect(await t.context.models.Customer.findById(kenta).lean()).toMatchObject({ visitCount: 4 });
  });

  it('answers bad arguments with usage help and records nothing', async () => {
    const count = await t.context.models.Visit.countDocuments();
    for (const text of [
      '',
      '   ',
      'はなこ カット 123456789012',
      `はなこ ${'あ'.repeat(120)}`,
      'はなこ 1,2,3',
    ]) {
      const answer = await t.command(t.staff, '/visit', text);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('使い方: `/visit お客様 [メニュー] [金額]`');
    }
    const unknown = await t.command(t.staff, '/visit', 'だれでもない カット');
    expect(unknown.text).toContain('見つかりませんでした');
    expect(await t.context.models.Visit.countDocuments()).toBe(count);
  });

  it('keeps hostile text as plain words: no operator reaches a query, no stack trace', async () => {
    const count = await t.context.models.Visit.countDocuments();
    for (const text of ['{"$gt":""}', '{"$where":"1"} 1000', '<@U123|x> カット', '$ne']) {
      const answer = await t.command(t.staff, '/visit', text);
      expect(answer.status).toBe(200);
      expect(answer.text).not.toMatch(/Error|at .*\.ts/);
      expect(answer.text).toMatch(/見つかりませんでした|使い方/);
    }
    const menu = await t.command(t.staff, '/visit', '健太 {"$set":{"visitCount":0}} 1000');
    expect(menu.text).toContain('ご来店を記録しました');
    const visits = await visitsOf(kenta);
    expect(visits.map((v) => v.menu)).toContain('{"$set":{"visitCount":0}}');
    expect(await t.context.models.Customer.findById(kenta).lean()).toMatchObject({ visitCount: 5 });
    expect(await t.context.models.Visit.countDocuments()).toBe(count + 1);
  });

  it('answers in English for a staff member who chose it', async () => {
    await t.command(t.staff, '/joren', 'language en');
    const answer = await t.command(t.staff, '/visit', 'ハナコ color ¥8,800');
    expect(answer.text).toContain('Visit recorded for 山田 花子（ハナコ）');
    expect(answer.text).toContain('Amount: ¥8,800');
    expect(answer.text).toMatch(/Thank-you message: planned for \d+\/\d+ 10:00/);
    await t.command(t.staff, '/joren', 'language ja');
  });
});
