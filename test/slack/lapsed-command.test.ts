import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { winBackDue } from '../../src/retention/touchpoint-due.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const DAY = 86_400_000;
const calendar = shopCalendar('Asia/Tokyo');
const where = (t: SlackTestApp) => ({ channel: t.staffChannel, messageTs: '1.000001', ephemeral: true });

/** A customer who came `visits` times, `every` days apart, the last time `lastAgo` days before now. */
async function regular(
  t: SlackTestApp,
  fields: { name: string; status?: 'following' | 'blocked' | 'unlinked'; optOut?: boolean; id?: string },
  every: number,
  visits: number,
  lastAgo: number,
): Promise<string> {
  const now = t.clock.now().getTime();
  const id = fields.id ?? t.fake.addUser({ displayName: fields.name });
  await t.context.models.Customer.create({
    _id: id,
    ...(id.startsWith('U') ? { lineUserId: id } : { externalIds: [id] }),
    status: fields.status ?? 'following',
    displayName: fields.name,
    marketingOptOut: fields.optOut ?? false,
  });
  for (let i = 0; i < visits; i++) {
    const at = new Date(now - (lastAgo + i * every) * DAY);
    await recordVisit(t.context.models, { key: `${id}:${i}`, customerId: id, at, source: 'staff' });
  }
  return id;
}

describe('/lapsed: lapsed customers from the lapse scan, with buttons that act', () => {
  let t: SlackTestApp;
  const ids: Record<string, string> = {};
  const id = (key: string) => ids[key]!;

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-04-01T11:00:00+09:00'), env: { QUIET_HOURS: 'off' } });
    ids.gone = await regular(t, { name: '青木 一郎' }, 20, 4, 100);
    ids.drifting = await regular(t, { name: '井上 花' }, 30, 3, 120);
    ids.active = await regular(t, { name: '上田 元気' }, 20, 4, 5);
    ids.blocked = await regular(t, { name: '江藤 ブロック', status: 'blocked' }, 14, 4, 70);
    ids.optedOut = await regular(t, { name: '大野 配信停止', optOut: true }, 20, 3, 80);
    ids.imported = await regular(t, { name: '加藤 未連携', status: 'unlinked', id: 'ext:pos:77' }, 20, 3, 75);
  });
  afterAll(async () => {
    await t.stop();
  });

  const scan = () => runLapseScan({ models: t.context.models, calendar, now: t.clock.now() });

  it('before the first lapse scan, says when it runs instead of an empty list', async () => {
    const answer = await t.command(t.staff, '/lapsed', '');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('まだ離反スキャンが実行されていません');
    expect(answer.text).toMatch(/毎朝 \d\d:\d\d に実行します/);
  });

  it('lists lapsed customers by risk with the summary line, plain words and three buttons each', async () => {
    expect((await scan())?.counts).toEqual({ customers: 6, lapsed: 5, active: 1 });
    const answer = await t.command(t.staff, '/lapsed', '');
    expect(answer.visible).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.text).toContain('離反 5 人 / 来店中 1 人 · 離反の割合 83.3%');
    expect(answer.text).toContain('1 ページ目（1〜5 件目 / 5 件）');
    for (const name of ['青木 一郎', '井上 花', '江藤 ブロック', '大野 配信停止', '加藤 未連携'])
      expect(answer.text).toContain(name);
    expect(answer.text).not.toContain('上田 元気');
    expect(answer.text).toContain('普段の間隔 約 20 日 · 100 日経過');
    expect(answer.text).toContain('最終来店 2026/12/22');
    expect(answer.text).toContain('再来店の見込みは低め');
    expect(answer.text).toContain('お久しぶりメッセージ: 未送信');
    const labels = answer.text.split('\n').filter((line) => line === 'いま送る');
    expect(labels).toHaveLength(5);
    expect(answer.text).not.toContain('次へ');
  });

  it.each([
    ['full-width digits and dashes', '２　－－days　９０'],
    ['an = sign', '2 --days=90'],
    ['upper case', '2 --DAYS 90'],
  ])('reads %s: the last visit at least 90 days ago', async (_label, typed) => {
    const answer = await t.command(t.staff, '/lapsed', typed);
    expect(answer.text).toContain('絞り込み: 最終来店から 90 日以上');
    expect(answer.text).toContain('青木 一郎');
    expect(answer.text).toContain('井上 花');
    expect(answer.text).not.toContain('江藤 ブロック');
  });

  it.each([
    ['a MongoDB operator', '{"$gt":""}'],
    ['days that are not a number', '--days abc'],
    ['days as an operator', '--days {"$gt":0}'],
    ['a negative count', '-3'],
    ['more rows than a message holds', '21'],
    ['a reason that does not exist', '--reason 9'],
    ['an unknown option', '--where 1'],
    ['two counts', '5 5'],
    ['an option without its number', '--page'],
  ])('answers %s with the usage', async (_label, typed) => {
    const answer = await t.command(t.staff, '/lapsed', typed);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^使い方: `\/lapsed \[件数\] \[--reason N\] \[--days N\]/);
    expect(answer.text).toContain('1 タイミング / 2 不満があった');
    expect(answer.text).not.toContain('青木');
  });

  it('pages: "next" shows the following customers, and --page jumps there', async () => {
    const first = await t.command(t.staff, '/lapsed', '2');
    expect(first.text).toContain('1 ページ目（1〜2 件目 / 5 件）');
    const next = JSON.stringify({ l: 2, p: 2 });
    expect(JSON.stringify(first.visible)).toContain(JSON.stringify(next));
    const second = await t.press(t.staff, { actionId: 'lapsed:next', value: next }, where(t));
    expect(second.visible).toMatchObject({ replace_original: true });
    expect(second.text).toContain('2 ページ目（3〜4 件目 / 5 件）');
    const third = await t.command(t.staff, '/lapsed', '2 --page 3');
    expect(third.text).toContain('3 ページ目（5〜5 件目 / 5 件）');
    expect(third.text).not.toContain('次へ');
    for (const name of ['青木 一郎', '井上 花', '江藤 ブロック', '大野 配信停止', '加藤 未連携']) {
      const pages = [first.text, second.text, third.text].filter((text) => text.includes(name));
      expect(pages).toHaveLength(1);
    }
  });

  it('"send check-in now" sends the win-back check-in once, through the contact policy and the ledger', async () => {
    const value = JSON.stringify({ l: 10, p: 1, c: ids.gone });
    const sent = await t.press(t.staff, { actionId: 'lapsed:check-in', value }, where(t));
    expect(sent.text).toContain('✅ 青木 一郎 さんにお久しぶりメッセージを送りました。');
    expect(sent.text).toContain('お久しぶりメッセージ: 送信済み');
    const texts = t.fake.textsTo(id('gone'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('お久しぶり');
    const episodes = await t.context.models.WinBack.find({ customerId: ids.gone }).lean();
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.checkInSentAt).toEqual(t.clock.now());
    const period = episodes[0]!._id.slice(id('gone').length + 1);
    expect(
      await t.context.models.SendLedger.exists({ _id: `win-back:${period}:${ids.gone}` }),
    ).not.toBeNull();

    const again = await t.press(t.staff, { actionId: 'lapsed:check-in', value }, where(t));
    expect(again.text).toContain('✋ 青木 一郎 さんには送りませんでした: この連絡は送信済みです');
    expect(t.fake.textsTo(id('gone'))).toHaveLength(1);
  });

  it.each([
    ['blocked', 'blocked', 'ブロックされているため送りません'],
    ['opted out', 'optedOut', 'お知らせの受け取りを希望されていないため送りません'],
    ['not on LINE', 'imported', 'LINEの友だちではないため送れません'],
  ])('tells staff plainly when the policy refuses a check-in (%s)', async (_label, key, why) => {
    const value = JSON.stringify({ l: 10, p: 1, c: ids[key] });
    const answer = await t.press(t.staff, { actionId: 'lapsed:check-in', value }, where(t));
    expect(answer.text).toContain(`さんには送りませんでした: ${why}`);
    expect(t.fake.deliveries.filter((d) => JSON.stringify(d).includes(ids[key]!))).toEqual([]);
  });

  it('refuses a check-in while the customer has an open complaint', async () => {
    await t.context.models.ComplaintCase.create({
      customerId: ids.drifting,
      trigger: 'message',
      status: 'open',
      openedAt: t.clock.now(),
      history: [{ at: t.clock.now(), by: 'joren', action: 'opened' }],
    });
    const value = JSON.stringify({ l: 10, p: 1, c: ids.drifting });
    const answer = await t.press(t.staff, { actionId: 'lapsed:check-in', value }, where(t));
    expect(answer.text).toContain('対応中のご意見(苦情)があるため');
    expect(t.fake.textsTo(id('drifting'))).toEqual([]);
  });

  it('"snooze 30 days" keeps the automatic check-in back for 30 days', async () => {
    const value = JSON.stringify({ l: 10, p: 1, c: ids.optedOut });
    const answer = await t.press(t.staff, { actionId: 'lapsed:snooze', value }, where(t));
    expect(answer.text).toContain(
      '💤 大野 配信停止 さんへのお久しぶりメッセージを 2027/05/01 まで保留にしました。',
    );
    expect(answer.text).toContain('2027/05/01 まで保留');
    const [episode] = await t.context.models.WinBack.find({ customerId: ids.optedOut }).lean();
    expect(episode!.snoozedUntil).toEqual(new Date(t.clock.now().getTime() + 30 * DAY));
    // The lapse-scan job decides with winBackDue on the episode record: snoozed means not due.
    const lapsedSince = episode!.lapsedAt;
    const due = winBackDue({ risk: 1, lapsed: true, lapsedSince }, episode, t.clock.now(), 365, 'Asia/Tokyo');
    expect(due).toMatchObject({ due: false, reason: { code: 'snoozed' } });
  });

  it('"mark contacted" records who and when, and stops the automatic check-in', async () => {
    const value = JSON.stringify({ l: 10, p: 1, c: ids.blocked });
    const answer = await t.press(t.staff, { actionId: 'lapsed:contacted', value }, where(t));
    expect(answer.text).toContain('☑️ 江藤 ブロック さんを「連絡済み」にしました。');
    expect(answer.text).toContain('スタッフが連絡済み（2027/04/01）');
    const [episode] = await t.context.models.WinBack.find({ customerId: ids.blocked }).lean();
    expect(episode).toMatchObject({ contactedBy: t.staff.userId, contactedAt: t.clock.now() });
    const customer = await t.context.models.Customer.findById(ids.blocked).lean();
    expect(customer!.lastContactAt).toEqual(t.clock.now());
    const due = winBackDue(
      { risk: 1, lapsed: true, lapsedSince: episode!.lapsedAt },
      episode,
      t.clock.now(),
      365,
      'Asia/Tokyo',
    );
    expect(due).toMatchObject({ due: false, reason: { code: 'staff-contacted' } });
  });

  it.each([
    ['a customer who is not lapsed', 'ACTIVE'],
    ['an operator as the customer', '{"l":10,"p":1,"c":{"$gt":""}}'],
    ['not JSON at all', 'drop'],
  ])('a button with %s changes nothing', async (_label, raw) => {
    const value = raw === 'ACTIVE' ? JSON.stringify({ l: 10, p: 1, c: id('active') }) : raw;
    const before = await t.context.models.WinBack.countDocuments();
    const answer = await t.press(t.staff, { actionId: 'lapsed:snooze', value }, where(t));
    expect(answer.text).toContain('このお客様は最新のスキャンで離反中ではありません。');
    expect(await t.context.models.WinBack.countDocuments()).toBe(before);
  });

  it('--reason keeps the customers who gave that answer to the check-in', async () => {
    const [episode] = await t.context.models.WinBack.find({ customerId: ids.gone }).lean();
    await t.context.models.WinBack.updateOne(
      { _id: episode!._id },
      { $set: { reason: 'timing', repliedAt: t.clock.now(), outcome: 'replied' } },
    );
    const answer = await t.command(t.staff, '/lapsed', '--reason 1');
    expect(answer.text).toContain('絞り込み: 回答「タイミング」');
    expect(answer.text).toContain('青木 一郎');
    expect(answer.text).toContain('お久しぶりメッセージ: 返信あり · タイミング');
    expect(answer.text).not.toContain('井上 花');
    expect((await t.command(t.staff, '/lapsed', '--reason 3')).text).toContain(
      '条件に当てはまる離反中のお客様はいません。',
    );
  });

  it('refuses someone who is not staff, showing no customer', async () => {
    const outsider = { userId: 'U0OUTSIDER', teamId: 'T0OTHERTEAM' };
    const answer = await t.command(outsider, '/lapsed', '');
    expect(answer.text).toMatch(/^申し訳ありません。Joren はお店のスタッフ専用です。/);
    expect(answer.text).not.toContain('青木');
    const pressed = await t.press(
      outsider,
      { actionId: 'lapsed:check-in', value: JSON.stringify({ l: 10, p: 1, c: ids.drifting }) },
      where(t),
    );
    expect(pressed.text).toMatch(/^申し訳ありません。/);
    expect(t.fake.textsTo(id('drifting'))).toEqual([]);
  });

  it('answers in English for a staff member who chose it', async () => {
    const alex = { userId: t.slackFake.addUser({ name: 'alex', realName: 'Alex' }) };
    await t.command(alex, '/joren', 'language en');
    const answer = await t.command(alex, '/lapsed', '1');
    expect(answer.text).toContain('Lapsed 5 / active 1 · 83.3% lapsed');
    expect(answer.text).toContain('Usually visits about every');
    expect((await t.command(alex, '/lapsed', 'abc')).text).toMatch(/^Usage: `\/lapsed \[count\]/);
  });

  it('in quiet hours sends nothing and tells staff when they may press again', async () => {
    const night = await startSlackTestApp({
      clock: clockAt('2027-04-01T22:30:00+09:00'),
      env: { QUIET_HOURS: '21:00-09:00' },
    });
    try {
      const late = await regular(night, { name: '夜 遅子' }, 20, 3, 90);
      await runLapseScan({ models: night.context.models, calendar, now: night.clock.now() });
      const value = JSON.stringify({ l: 10, p: 1, c: late });
      const answer = await night.press(night.staff, { actionId: 'lapsed:check-in', value }, where(night));
      expect(answer.text).toContain(
        '🌙 いまは連絡を控える時間帯のため、夜 遅子 さんには送りませんでした。4/2 09:00 以降にもう一度押してください。',
      );
      expect(night.fake.textsTo(late)).toEqual([]);
      expect(await night.context.models.SendLedger.countDocuments()).toBe(0);
    } finally {
      await night.stop();
    }
  });

  it('answers a slow /lapsed through the response_url', async () => {
    const slow = await startSlackTestApp({
      slack: { ackBudgetMs: 0 },
      clock: clockAt('2027-04-01T11:00:00+09:00'),
    });
    try {
      await regular(slow, { name: '佐藤 遠い' }, 20, 3, 90);
      await runLapseScan({ models: slow.context.models, calendar, now: slow.clock.now() });
      const answer = await slow.command(slow.staff, '/lapsed', '');
      expect(answer.ack).toEqual({ response_type: 'ephemeral', text: '⏳ 確認しています…' });
      expect(answer.responses).toHaveLength(1);
      expect(answer.visible).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      expect(answer.text).toContain('佐藤 遠い');
      expect(answer.text).toContain('離反 1 人 / 来店中 0 人');
    } finally {
      await slow.stop();
    }
  });
});
