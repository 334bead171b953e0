import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt, tokyo } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/**
 * /stats shows the arithmetic of keeping customers: the growth sentence the figures already computed,
 * and the silent majority — survey response, customers who visited and never answered anything, and
 * lapsed customers who never complained — next to the complaints.
 */
describe('/stats: the growth arithmetic and the silent majority', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-04-20T11:00:00+09:00') });
    const { models } = t.context;
    const visits: [string, string[]][] = [
      ['talkative', ['2027-01-10', '2027-02-07', '2027-03-07', '2027-04-04']],
      ['gone-quietly', ['2026-10-01', '2026-10-20', '2026-11-08']],
      ['new-and-quiet', ['2027-04-12']],
      ['gone-complaining', ['2026-10-02', '2026-10-21', '2026-11-09']],
    ];
    const ids: Record<string, string> = {};
    for (const [name, days] of visits) {
      const sim = await onboardedFriend(t, name);
      ids[name] = sim.userId;
      for (const day of days)
        await recordVisit(models, {
          key: `${name}:${day}`,
          customerId: sim.userId,
          at: tokyo(day),
          source: 'staff',
        });
      if (name === 'talkative' || name === 'gone-complaining') await sim.say('駐車場はありますか？');
    }
    await models.Survey.create([
      {
        _id: 's1',
        customerId: ids.talkative,
        visitAt: tokyo('2027-04-04'),
        status: 'answered',
        sentAt: tokyo('2027-04-11'),
        rating: 4,
        ratedAt: tokyo('2027-04-11'),
      },
      {
        _id: 's2',
        customerId: ids['new-and-quiet'],
        visitAt: tokyo('2027-04-12'),
        status: 'sent',
        sentAt: tokyo('2027-04-19'),
      },
    ]);
    await models.ComplaintCase.create({
      customerId: ids['gone-complaining'],
      trigger: 'message',
      status: 'resolved',
      openedAt: tokyo('2027-02-01'),
      resolvedAt: tokyo('2027-02-02'),
      history: [{ at: tokyo('2027-02-01'), by: 'joren', action: 'opened' }],
    });
    await t.settleAll();
    await runLapseScan({ models, calendar: shopCalendar('Asia/Tokyo'), now: t.clock.now() });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('shows the growth sentence, survey response and the silent majority next to the complaints', async () => {
    const answer = await t.command(t.staff, '/stats', 'year');
    expect(answer.text).toMatch(
      /\*成長の計算\*\n年間の離反率が\d+%のとき、10%成長するには新規顧客が\d+%（年\d+人・月\d+人）必要です/,
    );
    expect(answer.text).toContain('*アンケート回答率*\n50%（送信 2 · 回答 1）');
    expect(answer.text).toContain(
      '*声なきお客様*\n来店後に一度もお返事のない方 2人（来店された友だち 4人のうち）\nクレームなく離反した方 1人（離反 2人のうち）· クレーム 1件',
    );
  });

  it('in English too', async () => {
    const alex = { userId: t.slackFake.addUser({ name: 'alex' }) };
    await t.command(alex, '/joren', 'language en');
    const answer = await t.command(alex, '/stats', 'year');
    expect(answer.text).toMatch(/With \d+% yearly loss, growing 10% needs \d+% new customers/);
    expect(answer.text).toContain('Visited and never answered: 2 (of 4 friends who visited)');
    expect(answer.text).toContain('Lapsed without complaining: 1 (of 2 lapsed) · complaints 1');
  });
});
