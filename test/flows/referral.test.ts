import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { recordVisit } from '../../src/customers/visits.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { CustomerSim, onboardedFriend } from '../support/customer-sim.js';
import { clockAt, tokyo } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { sendTouchpoint } from '../support/transcripts.js';

const DAY = 86_400_000;

/**
 * Referrals, counted end to end: a happy customer's referral ask carries their personal code and a
 * chat link; a new friend who sends the code (even in the middle of onboarding) is credited to them,
 * once; the referrer is thanked; staff see it on /customer and in /stats.
 */
describe('referrals: a personal code, credited once, thanked and counted', () => {
  let t: SlackTestApp;
  let happy: CustomerSim;
  let code = '';

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-05-10T12:00:00+09:00') });
    happy = await onboardedFriend(t, '紹介 花子', {
      callName: '花子',
      followedAt: new Date(t.clock.now().getTime() - 200 * DAY),
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const customer = (sim: CustomerSim) => t.context.models.Customer.findById(sim.userId).lean();

  it('a 5 is asked for an introduction with a personal code and a link that types it in', async () => {
    const { visit } = await recordVisit(t.context.models, {
      key: 'visit-happy',
      customerId: happy.userId,
      at: t.clock.now(),
      menu: 'カット',
      source: 'staff',
    });
    await sendTouchpoint(t, 'post-visit-survey', happy.userId, visit._id);
    happy.received();
    await happy.tap('5 とても満足');
    const answer = await happy.tap('特にありません');
    code = (await customer(happy))!.referralCode!;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(answer.slice(0, 2)).toEqual([
      '花子様、うれしいお言葉をありがとうございます。\nもし身近にサロン常連が合いそうな方がいらっしゃいましたら、ご紹介いただけますと大変嬉しいです。',
      `ご紹介の際は、下のリンクをお友だちにお送りください。タップすると当店のトークが開き、ご紹介コード「${code}」をそのまま送っていただけます。\n` +
        `https://line.me/R/oaMessage/%40000fake/?${encodeURIComponent(`紹介コード ${code}`)}`,
    ]);
  });

  it('a new friend who sends the code in the middle of onboarding is credited; the referrer is thanked; onboarding goes on', async () => {
    const friend = new CustomerSim(t, '友人 一郎');
    await friend.follow();
    expect(await friend.say(`紹介コード ${code}`)).toEqual([
      '友人 一郎様、ご紹介コードを確認いたしました。ご紹介でお越しいただき、ありがとうございます。ご来店を心よりお待ちしております。',
      'よろしければ、お呼びする際のお名前を教えていただけますか？（例：山田）',
    ]);
    expect(friend.buttons()).toEqual(['「友人 一郎」で登録', 'スキップ']);
    expect(await t.context.models.Referral.findById(friend.userId).lean()).toMatchObject({
      referrerId: happy.userId,
      code,
      at: t.clock.now(),
    });
    expect(happy.received()).toEqual([
      '花子様、サロン常連をご紹介いただき、誠にありがとうございます。\nご紹介いただいたお友だちが、LINEでつながってくださいました。心より感謝申し上げます。',
    ]);
    // Onboarding goes on where it was: the name, then the birthday.
    expect(await friend.say('いちろう')).toEqual([
      'いちろう様ですね。ありがとうございます。',
      expect.stringMatching(/^お誕生日を教えていただけますか？/),
    ]);

    // The same code again: already credited, and the referrer is not thanked twice.
    expect(await friend.say(`紹介コード ${code}`)).toEqual([
      'ご紹介コードはすでに承っております。ありがとうございます。',
      expect.stringMatching(/^お誕生日を教えていただけますか？/),
    ]);
    expect(happy.received()).toEqual([]);
    expect(await t.context.models.Referral.countDocuments({ referrerId: happy.userId })).toBe(1);
  });

  it('the bare code, typed by hand in any width, counts too', async () => {
    const friend = new CustomerSim(t, '友人 二郎');
    await friend.follow();
    await friend.tap('スキップ');
    const fullWidth = code
      .replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      .toLowerCase();
    const answer = await friend.say(fullWidth);
    expect(answer[0]).toMatch(/^友人 二郎様、ご紹介コードを確認いたしました。/);
    expect(answer[1]).toMatch(/^お誕生日を教えていただけますか？/);
    expect((await t.context.models.Referral.findById(friend.userId).lean())?.referrerId).toBe(happy.userId);
    expect(happy.received()).toEqual([expect.stringMatching(/^花子様、サロン常連をご紹介いただき/)]);
  });

  it('no self-referral, no unknown code, and no credit for someone who was already a friend', async () => {
    expect(await happy.say(`紹介コード ${code}`)).toEqual([
      'こちらはお客様ご自身の紹介コードです。お友だちにお送りいただくと、ご紹介として承ります。',
    ]);
    const stranger = new CustomerSim(t, '知らない 人');
    await stranger.follow();
    expect((await stranger.say('紹介コード ZZ99ZZ'))[0]).toBe(
      'お送りいただいた紹介コードが見つかりませんでした。お手数ですが、コードをもう一度ご確認ください。',
    );
    const longtime = await onboardedFriend(t, '古い 友人', {
      followedAt: new Date(t.clock.now().getTime() - 90 * DAY),
    });
    expect(await longtime.say(`紹介コード ${code}`)).toEqual([
      'ご紹介コードは、新しくお友だちになった方からお送りいただくものです。お気持ちに感謝いたします。',
    ]);
    for (const sim of [happy, stranger, longtime]) {
      expect(await t.context.models.Referral.findById(sim.userId).lean()).toBeNull();
    }
    expect(await t.context.models.Referral.countDocuments({ referrerId: happy.userId })).toBe(2);
  });

  it('a win-back 「状況が変わった」 is asked for an introduction with the code too', async () => {
    const gone = await onboardedFriend(t, '引越 三郎', { callName: '三郎' });
    const episodeId = `${gone.userId}:2027-03-01`;
    await t.context.models.WinBack.create({
      _id: episodeId,
      customerId: gone.userId,
      lapsedAt: tokyo('2027-03-01'),
      outcome: 'pending',
    });
    await sendTouchpoint(t, 'win-back', gone.userId, episodeId);
    gone.received();
    const answer = await gone.tap('状況が変わった');
    const own = (await customer(gone))!.referralCode!;
    expect(answer).toEqual([
      expect.stringMatching(/^三郎様、これまでサロン常連をご利用いただき、本当にありがとうございました。/),
      expect.stringContaining(`ご紹介コード「${own}」`),
    ]);
  });

  it('staff see who brought whom on /customer, and referrals per month in /stats', async () => {
    const referrer = await t.command(t.staff, '/customer', '紹介 花子');
    expect(referrer.text).toContain('ご紹介いただいた方 2人');
    expect(referrer.text).toContain(`紹介コード ${code}`);
    const referred = await t.command(t.staff, '/customer', '友人 一郎');
    expect(referred.text).toMatch(/紹介 花子（花子）様からのご紹介（2027\/05\/10）/);

    await runLapseScan({
      models: t.context.models,
      calendar: shopCalendar('Asia/Tokyo'),
      now: t.clock.now(),
    });
    const stats = await t.command(t.staff, '/stats', 'year');
    expect(stats.text).toContain('*ご紹介*\n2人（月別: 1月 0 · 2月 0 · 3月 0 · 4月 0 · 5月 2）');
  });
  it('a friend who follows in the quiet hours has the referrer thanked when they end, once', async () => {
    t.clock.travelTo(tokyo('2027-05-10', '22:30'));
    const night = new CustomerSim(t, '夜 四郎');
    await night.follow();
    await night.tap('スキップ');
    const answer = await night.say(`紹介コード ${code}`);
    expect(answer[0]).toMatch(/^夜 四郎様、ご紹介コードを確認いたしました。/);
    // The friend is answered at once (a reply); the referrer's push waits for the morning.
    expect(happy.received()).toEqual([]);
    expect((await t.context.models.Referral.findById(night.userId).lean())?.thanksDueAt).toEqual(
      tokyo('2027-05-11', '09:00'),
    );

    t.clock.travelTo(tokyo('2027-05-11', '08:45'));
    await t.context.scheduler.runJob('referral-thanks');
    expect(happy.received()).toEqual([]);

    t.clock.travelTo(tokyo('2027-05-11', '09:00'));
    await t.context.scheduler.runJob('referral-thanks');
    expect(happy.received()).toEqual([expect.stringMatching(/^花子様、サロン常連をご紹介いただき/)]);
    expect((await t.context.models.Referral.findById(night.userId).lean())?.thanksDueAt).toBeUndefined();
    await t.context.scheduler.runJob('referral-thanks');
    expect(happy.received()).toEqual([]);
  });
});
