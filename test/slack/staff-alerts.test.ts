import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import { sendTouchpoint } from '../support/transcripts.js';

describe('alerts in the staff channel', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({
      clock: clockAt('2027-06-10T11:00:00+09:00'),
      inboxWorker: { maxAttempts: 2, backoffMs: () => 0 },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const channelTexts = () =>
    t.slackFake.messages
      .filter((m) => m.channel === t.staffChannel && !m.threadTs)
      .map((m) => `${m.text ?? ''}\n${textOf(m as never)}`);
  const newTexts = async (action: () => Promise<unknown>) => {
    const before = channelTexts().length;
    await action();
    await t.settleAll();
    return channelTexts().slice(before);
  };

  it('a survey score of 2 opens a complaint case: its card is posted in the channel', async () => {
    const sim = await onboardedFriend(t, '低評価 花子');
    const visit = await t.context.models.Visit.create({
      customerId: sim.userId,
      at: t.clock.now(),
      source: 'staff',
    });
    await sendTouchpoint(t, 'post-visit-survey', sim.userId, visit._id);
    sim.received();
    const posted = await newTexts(() => sim.tap('2 やや不満'));
    expect(posted.join('\n')).toContain('アンケートで 2 の評価');
  });

  it('a webhook event parked after its retries is told without the customer’s words', async () => {
    const userId = t.fake.addUser({ displayName: '障害 太郎' });
    t.fake.failNext(...Array.from({ length: 20 }, () => ({ status: 500 as const })));
    const posted = await newTexts(async () => {
      await t.line.send(t.line.follow(userId), t.line.text(userId, '秘密のご相談があります'));
      await t.settle();
    });
    t.fake.clearFaults();
    const alert = posted.find((text) => text.includes('保留にしました'));
    expect(alert).toBeDefined();
    expect(alert).toContain('LINE_API_UNAVAILABLE');
    for (const text of posted.filter((p) => p.includes('保留にしました'))) {
      expect(text).not.toContain('秘密のご相談');
    }
    const parked = await t.context.models.InboxEvent.find({ status: 'parked' }).lean();
    expect(parked.length).toBeGreaterThanOrEqual(1);
  });

  it('LINE quota below 10% is told once a month', async () => {
    t.fake.setQuota(1000, 950);
    const posted = await newTexts(() => t.context.scheduler.runJob('line-quota'));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('LINEの今月の送信枠が残り50通(5%)です');
    const again = await newTexts(() => t.context.scheduler.runJob('line-quota'));
    expect(again).toHaveLength(0);
    t.fake.setQuota(undefined, 0);
  });

  it('a scheduler job that fails is told with its code', async () => {
    const userId = t.fake.addUser({ displayName: '配信 先子' });
    await t.context.models.Customer.create({
      _id: userId,
      lineUserId: userId,
      status: 'following',
      displayName: '配信 先子',
    });
    await t.context.scheduler.scheduleBroadcast({
      broadcastId: 'alert-test',
      text: 'お知らせです。',
      segment: { kind: 'all' },
    });
    t.fake.failNext(...Array.from({ length: 50 }, () => ({ status: 500 as const })));
    const posted = await newTexts(() => t.context.scheduler.runDue());
    t.fake.clearFaults();
    expect(posted.join('\n')).toContain('定期処理「broadcast」が失敗しました');
    expect(posted.join('\n')).not.toContain('お知らせです。');
  });
});
