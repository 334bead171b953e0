import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordVisitAndFollowUp } from '../../src/visits/visit-follow-up.js';
import { clockAt, tokyo } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const lineId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

describe('App Home: today at a glance, published when a staff member opens it', () => {
  let t: SlackTestApp;
  const regular = lineId(0xd1);
  const upset = lineId(0xd2);

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-06-10T09:00:00+09:00') });
    const { Customer, ComplaintCase, LapseScan } = t.context.models;
    await Customer.create([
      { _id: regular, lineUserId: regular, status: 'following', displayName: '常連 花子' },
      { _id: upset, lineUserId: upset, status: 'following', displayName: '不満 太郎' },
    ]);
    const recorded = await recordVisitAndFollowUp(
      {
        models: t.context.models,
        scheduler: t.context.scheduler,
        winBackWindowDays: t.context.config.shop.winBackWindowDays,
      },
      { key: 'home-visit', customerId: regular, at: tokyo('2027-06-09', '15:00'), source: 'staff' },
    );
    expect(recorded.followUps.map((f) => f.kind)).toEqual(['thanks', 'survey']);
    await ComplaintCase.create({
      customerId: upset,
      trigger: 'message',
      status: 'open',
      openedAt: tokyo('2027-06-09', '18:00'),
      words: '予約が取れていなかった',
      history: [],
    });
    await LapseScan.create([
      { _id: 's1', at: tokyo('2027-06-08', '08:00'), counts: { customers: 100, lapsed: 10, active: 90 } },
      { _id: 's2', at: tokyo('2027-06-09', '08:00'), counts: { customers: 100, lapsed: 12, active: 88 } },
      { _id: 'current', currentScanId: 's2' },
    ]);
    t.fake.setQuota(1000, 250);
    await t.context.scheduler.runJob('line-quota');
  });
  afterAll(async () => {
    await t.stop();
  });

  const open = async (userId: string, tab = 'home', teamId?: string) => {
    const result = await t.slack.event(
      {
        type: 'app_home_opened',
        user: userId,
        channel: 'D0HOME',
        tab,
        ...(teamId ? { user_team: teamId } : {}),
      },
      teamId,
    );
    await t.settleAll();
    return result;
  };

  it('shows follow-ups due today, open cases, lapsed count with its trend and the quota, in Japanese', async () => {
    const result = await open(t.staff.userId);
    expect(result.status).toBe(200);
    const home = t.slackFake.homeOf(t.staff.userId);
    expect(home).toBeDefined();
    const text = textOf(home!.view);
    expect(text).toContain('Joren — 2027/06/10');
    expect(text).toContain('お礼のメッセージ: 1件');
    expect(text).toContain('アンケート: 0件');
    expect(text).toContain('対応中のクレーム* (1)');
    expect(text).toContain('• 不満 太郎様 — 未対応（2027/06/09から）');
    expect(text).toContain('12人 （2027/06/08より 2人増）');
    expect(text).toContain('250通使用 · 上限 1000 · 残り 750');
    expect(text).not.toContain('予約が取れていなかった');
  });

  it('is refreshed on every opening and follows the staff member’s language', async () => {
    await t.context.models.ComplaintCase.updateMany({}, { $set: { status: 'resolved' } });
    await t.command(t.staff, '/joren', 'language en');
    await open(t.staff.userId);
    const text = textOf(t.slackFake.homeOf(t.staff.userId)!.view);
    expect(text).toContain('Thank-you messages: 1');
    expect(text).toContain('No open complaint cases.');
    expect(text).toContain('12 (up 2 since 2027/06/08)');
    await t.command(t.staff, '/joren', 'language ja');
  });

  it('publishes nothing for the messages tab or for someone outside the shop’s team', async () => {
    const outsider = t.slackFake.addUser({ name: 'mallory', teamId: 'T0OTHER' });
    const calls = () => t.slackFake.calls.filter((c) => c.method === 'views.publish').length;
    const before = calls();
    await open(t.staff.userId, 'messages');
    await open(outsider, 'home', 'T0OTHER');
    expect(calls()).toBe(before);
    expect(t.slackFake.homeOf(outsider)).toBeUndefined();
  });
});

describe('recordVisitAndFollowUp with a key already used', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-06-10T09:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses the key for another customer and records nothing', async () => {
    const [a, b] = [lineId(0xe1), lineId(0xe2)];
    await t.context.models.Customer.create([
      { _id: a, lineUserId: a, status: 'following', displayName: 'A' },
      { _id: b, lineUserId: b, status: 'following', displayName: 'B' },
    ]);
    const deps = { models: t.context.models, scheduler: t.context.scheduler, winBackWindowDays: 60 };
    const at = t.clock.now();
    await recordVisitAndFollowUp(deps, { key: 'k1', customerId: a, at, source: 'staff' });
    await expect(
      recordVisitAndFollowUp(deps, { key: 'k1', customerId: b, at, source: 'staff' }),
    ).rejects.toMatchObject({ code: 'VISIT_KEY_CONFLICT' });
    expect(await t.context.models.Visit.countDocuments({ customerId: b })).toBe(0);
    const again = await recordVisitAndFollowUp(deps, { key: 'k1', customerId: a, at, source: 'staff' });
    expect(again.created).toBe(false);
    expect(await t.context.models.Customer.findById(a).lean()).toMatchObject({ visitCount: 1 });
  });
});
