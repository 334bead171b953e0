import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { onboardedFriend, type CustomerSim } from '../support/customer-sim.js';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { sendTouchpoint } from '../support/transcripts.js';

const REVIEW_URL = 'https://g.page/r/salon-joren/review';

/**
 * What the survey asks, end to end through the scheduler, LINE and Slack: the review invitation goes
 * to everyone with the thank-you (no review gating), a 3 gets one gentle follow-up, and once every
 * SURVEY_WISH_EVERY_DAYS the survey asks what the customer would like — kept per customer, shown on
 * /customer and summed up in /stats.
 */
describe('the survey asks what customers really want; reviews are not gated', () => {
  let t: SlackTestApp;
  let mild: CustomerSim;
  let unhappy: CustomerSim;
  let visits = 0;

  beforeAll(async () => {
    t = await startSlackTestApp({
      clock: clockAt('2027-04-01T12:00:00+09:00'),
      env: { SHOP_REVIEW_URL: REVIEW_URL, SURVEY_WISH_EVERY_DAYS: '60', SEASONAL_GREETINGS: 'none' },
    });
    mild = await onboardedFriend(t, '普通 花子', { callName: '花子', followedAt: t.clock.now() });
    unhappy = await onboardedFriend(t, '不満 次郎', { callName: '次郎', followedAt: t.clock.now() });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A visit today at 11:00, its thank-you and survey scheduled as /visit does. */
  const visit = async (sim: CustomerSim, day: string) => {
    const at = tokyo(day, '11:00');
    const { visit: recorded } = await recordVisit(t.context.models, {
      key: `visit-${++visits}`,
      customerId: sim.userId,
      at,
      menu: 'カット',
      source: 'staff',
    });
    await t.context.scheduler.schedulePostVisit(recorded);
    return recorded._id;
  };

  it('everyone gets the same review invitation with the thank-you, before and whatever they rate', async () => {
    await visit(mild, '2027-04-01');
    await visit(unhappy, '2027-04-01');
    await travel(t, tokyo('2027-04-02', '10:00'));
    for (const sim of [mild, unhappy]) {
      expect(sim.received()).toEqual([
        expect.stringMatching(
          /様、昨日はサロン常連で「カット」をご利用いただき、誠にありがとうございました。/,
        ),
        `よろしければ、ご感想を口コミでお聞かせいただけますと、スタッフ一同の励みになります。\n${REVIEW_URL}`,
      ]);
    }
    await travel(t, tokyo('2027-04-08', '10:00'));
    unhappy.received();
    const complaint = await unhappy.tap('1 不満');
    expect(complaint[0]).toBe('次郎様、このたびはご不快な思いをおかけしたことと存じます。');
    expect(complaint.join('\n')).not.toContain(REVIEW_URL);
  });

  it('a 3 gets one gentle question, then — the first time — what they would like from the shop', async () => {
    expect(mild.received()).toEqual([expect.stringMatching(/^花子様、先日はサロン常連にご来店いただき/)]);
    expect(await mild.tap('3 ふつう')).toEqual([
      'ご回答いただき、ありがとうございます。',
      'ありがとうございます。もし「もう少しこうだったら」という点がございましたら、ひとことお聞かせいただけますでしょうか（任意です）。',
    ]);
    expect(await mild.say('待ち時間がもう少し短いと嬉しいです')).toEqual([
      '貴重なご意見をありがとうございます。今後のサービスに活かしてまいります。',
      'もうひとつだけお聞かせください。サロン常連にこれからあったら嬉しいものはございますか？\nボタンからお選びいただくか、自由にお書きください。',
    ]);
    expect(mild.buttons()).toEqual(['新しいメニュー', '営業時間・曜日', '商品・物販', '特にありません']);
    expect(await mild.say('平日の夜20時まで開いていると助かります')).toEqual([
      'お聞かせいただき、ありがとうございます。お店づくりの参考にさせていただきます。',
    ]);
    const wishes = await t.context.models.Wish.find({ customerId: mild.userId }).lean();
    expect(wishes).toEqual([
      expect.objectContaining({ theme: 'time', text: '平日の夜20時まで開いていると助かります' }),
    ]);
    expect((await t.context.models.Customer.findById(mild.userId).lean())?.tags).toEqual([]);
  });

  it('asks again only after SURVEY_WISH_EVERY_DAYS; a tapped wish tags the customer', async () => {
    await visit(mild, '2027-05-01');
    await travel(t, tokyo('2027-05-02', '10:00'));
    await travel(t, tokyo('2027-05-08', '10:00'));
    mild.received();
    await mild.tap('4 満足');
    expect(await mild.tap('特にありません')).toEqual(['ご回答いただき、ありがとうございます。']);

    await visit(mild, '2027-06-10');
    for (const day of ['2027-06-11', '2027-06-17']) await travel(t, tokyo(day, '10:00'));
    mild.received();
    await mild.tap('4 満足');
    expect((await mild.tap('特にありません'))[1]).toMatch(/^もうひとつだけお聞かせください。/);
    // A question in the middle is for staff, not a wish.
    expect(await mild.say('物販はどこで見られますか？')).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    expect(await mild.tap('商品・物販')).toEqual([
      'お聞かせいただき、ありがとうございます。お店づくりの参考にさせていただきます。',
    ]);
    expect((await t.context.models.Customer.findById(mild.userId).lean())?.tags).toEqual(['要望:物販']);
    // A second tap on the same question changes nothing.
    expect(await mild.tap('新しいメニュー')).toEqual([
      'こちらのアンケートにはすでにご回答いただいております。ありがとうございました。',
    ]);
  });

  it('staff read the wishes on /customer and summed up in /stats', async () => {
    const card = await t.command(t.staff, '/customer', '普通 花子');
    expect(card.text).toContain('*ご要望*');
    expect(card.text).toMatch(
      /`2027\/06\/17` 商品・物販\n`2027\/04\/08` 営業時間・曜日: 平日の夜20時まで開いていると助かります/,
    );

    await runLapseScan({
      models: t.context.models,
      calendar: shopCalendar('Asia/Tokyo'),
      now: t.clock.now(),
    });
    const stats = await t.command(t.staff, '/stats', 'quarter');
    expect(stats.text).toContain('*ご要望（テーマ別）*\n営業時間・曜日 1 · 商品・物販 1');
    expect(stats.text).toContain(
      '*最近のご要望*\n`2027/06/17` 商品・物販\n`2027/04/08` 営業時間・曜日: 平日の夜20時まで開いていると助かります',
    );
    // Four surveys sent this quarter, all four answered.
    expect(stats.text).toContain('*アンケート回答率*\n100%（送信 4 · 回答 4）');
  });

  it('with SURVEY_WISH_EVERY_DAYS=0 the survey never asks', async () => {
    const app = await startSlackTestApp({ env: { SURVEY_WISH_EVERY_DAYS: '0' } });
    try {
      const sim = await onboardedFriend(app, '質問 なし');
      const { visit: recorded } = await recordVisit(app.context.models, {
        key: 'visit-never',
        customerId: sim.userId,
        at: app.clock.now(),
        source: 'staff',
      });
      await sendTouchpoint(app, 'post-visit-survey', sim.userId, recorded._id);
      sim.received();
      await sim.tap('4 満足');
      expect(await sim.tap('特にありません')).toEqual(['ご回答いただき、ありがとうございます。']);
      expect((await app.context.models.Customer.findById(sim.userId).lean())?.wishAskedAt).toBeUndefined();
    } finally {
      await app.stop();
    }
  });
});
