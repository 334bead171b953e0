import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { readShopStats } from '../../src/analytics/shop-stats.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { clockAt, tokyo } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const calendar = shopCalendar('Asia/Tokyo');
const HOUR = 3_600_000;

describe('/stats: the shop figures and the chart', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-04-20T11:00:00+09:00') });
    const { models } = t.context;
    const visits: [string, string[]][] = [
      ['U' + 'a'.repeat(32), ['2027-01-10', '2027-02-07', '2027-03-07', '2027-04-04']],
      ['U' + 'b'.repeat(32), ['2026-10-01', '2026-10-20', '2026-11-08']],
      ['U' + 'c'.repeat(32), ['2027-04-12']],
      ['U' + 'd'.repeat(32), ['2027-03-01', '2027-04-02']],
    ];
    for (const [id, days] of visits) {
      await models.Customer.create({
        _id: id,
        lineUserId: id,
        status: 'following',
        displayName: id.slice(0, 3),
      });
      for (const day of days)
        await recordVisit(models, { key: `${id}:${day}`, customerId: id, at: tokyo(day), source: 'staff' });
    }
    const a = visits[0]![0];
    await models.Survey.create([
      {
        _id: 's1',
        customerId: a,
        visitAt: tokyo('2027-04-04'),
        status: 'answered',
        rating: 4,
        ratedAt: tokyo('2027-04-05'),
      },
      {
        _id: 's2',
        customerId: a,
        visitAt: tokyo('2027-04-12'),
        status: 'answered',
        rating: 5,
        ratedAt: tokyo('2027-04-13'),
      },
    ]);
    const opened = tokyo('2027-04-10', '10:00');
    await models.ComplaintCase.create([
      {
        customerId: a,
        trigger: 'message',
        status: 'resolved',
        openedAt: opened,
        resolvedAt: new Date(opened.getTime() + 6 * HOUR),
        history: [{ at: opened, by: 'joren', action: 'opened' }],
      },
      {
        customerId: a,
        trigger: 'message',
        status: 'open',
        openedAt: tokyo('2027-04-18'),
        history: [{ at: tokyo('2027-04-18'), by: 'joren', action: 'opened' }],
      },
    ]);
    await models.LineQuota.create({ _id: '2027-04', limit: 200, used: 37, readAt: t.clock.now() });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('before the lapse scan has computed figures, says when they come', async () => {
    const answer = await t.command(t.staff, '/stats', '');
    expect(answer.text).toMatch(/^まだ集計がありません。毎朝 \d\d:\d\d の離反スキャンで集計されます。/);
    expect(t.slackFake.uploads.size).toBe(0);
  });

  it('answers new − lost = net, current, won back, surveys, complaints and LINE messages, and posts the chart', async () => {
    await runLapseScan({ models: t.context.models, calendar, now: t.clock.now() });
    const expected = (await readShopStats(
      { models: t.context.models, calendar, now: t.clock.now() },
      'month',
    ))!;
    const answer = await t.command(t.staff, '/stats', '');
    expect(answer.visible).toMatchObject({ response_type: 'ephemeral' });
    const { new: added, lost, current } = expected.customers;
    const net = added - lost;
    expect(added).toBeGreaterThan(0);
    expect(answer.text).toContain('お店の数字（今月）');
    expect(answer.text).toContain(
      `新規 ${added} − 離反 ${lost} = ${net >= 0 ? '+' : ''}${net}\n現在 ${current} 人`,
    );
    expect(answer.text).toContain('平均 4.5（2 件）');
    expect(answer.text).toContain('対応中 1 件 · 解決までの中央値 6.0 時間');
    expect(answer.text).toContain('37 通使用 · 残り 163');
    expect(answer.text).toContain(`📈 グラフを <#${t.staffChannel}> に投稿しました。`);

    const uploads = [...t.slackFake.uploads.values()];
    expect(uploads).toHaveLength(1);
    const chart = uploads[0]!;
    expect(chart).toMatchObject({ completed: true, channel: t.staffChannel, title: 'お店の数字（今月）' });
    expect(chart.initialComment).toContain(`<@${t.staff.userId}>`);
    expect(chart.bytes!.length).toBe(chart.length);
    expect(chart.bytes!.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(t.slackFake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(t.slackFake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it.each([
    ['quarter', 'quarter', '今四半期'],
    ['年 in full width', '　年　', '今年'],
    ['YEAR in capitals', 'YEAR', '今年'],
  ])('reads %s', async (_label, typed, heading) => {
    const answer = await t.command(t.staff, '/stats', typed);
    expect(answer.text).toContain(`お店の数字（${heading}）`);
  });

  it('still answers with the figures when Slack refuses the chart', async () => {
    t.slackFake.failNext('files.completeUploadExternal', 'not_in_channel');
    const answer = await t.command(t.staff, '/stats', 'month');
    expect(answer.text).toContain('お店の数字（今月）');
    expect(answer.text).toContain('グラフを投稿できませんでした');
  });

  it.each([
    ['a MongoDB operator', '{"$gt":""}'],
    ['an unknown period', 'week'],
    ['two periods', 'month year'],
  ])('answers %s with the usage', async (_label, typed) => {
    const uploads = t.slackFake.uploads.size;
    const answer = await t.command(t.staff, '/stats', typed);
    expect(answer.text).toMatch(/^使い方: `\/stats \[month\|quarter\|year\]`/);
    expect(t.slackFake.uploads.size).toBe(uploads);
  });

  it('refuses someone who is not staff and posts nothing', async () => {
    const uploads = t.slackFake.uploads.size;
    const answer = await t.command({ userId: 'U0OUTSIDER', teamId: 'T0OTHERTEAM' }, '/stats', '');
    expect(answer.text).toMatch(/^申し訳ありません。/);
    expect(answer.text).not.toContain('新規');
    expect(t.slackFake.uploads.size).toBe(uploads);
  });

  it('answers in English, with an unlimited plan shown as such', async () => {
    await t.context.models.LineQuota.updateOne({ _id: '2027-04' }, { $set: { limit: null } });
    const alex = { userId: t.slackFake.addUser({ name: 'alex', realName: 'Alex' }) };
    await t.command(alex, '/joren', 'language en');
    const answer = await t.command(alex, '/stats', 'month');
    expect(answer.text).toContain('Shop figures (this month)');
    expect(answer.text).toContain('37 used · no limit left');
    expect(answer.text).toContain('Average 4.5 (2)');
  });
});
