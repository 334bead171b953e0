import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkInCode, checkInCodeIn, judgeCheckInCode } from '../../src/visits/check-in-code.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { decodeQr } from '../support/qr.js';
import { clockAt, tokyo } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const DAY = 86_400_000;

describe('check-in codes (pure)', () => {
  it('change every shop day, read in any width, and are taken only today (or just after midnight)', () => {
    const secret = 'a'.repeat(64);
    const today = checkInCode(secret, '2027-03-14');
    expect(today).toMatch(/^[A-Z2-9]{6}$/);
    expect(checkInCode(secret, '2027-03-15')).not.toBe(today);
    expect(checkInCodeIn(`来店チェックイン ${today}`)).toBe(today);
    expect(checkInCodeIn(`来店チェックイン\u3000${today.toLowerCase().normalize('NFKC')}`)).toBe(today);
    expect(checkInCodeIn('来店チェックインしたいです')).toBeUndefined();
    const zone = 'Asia/Tokyo';
    expect(judgeCheckInCode(secret, today, tokyo('2027-03-14', '23:59'), zone)).toEqual({
      valid: true,
      day: '2027-03-14',
    });
    // 20 minutes after midnight: yesterday's code still counts, for yesterday.
    expect(judgeCheckInCode(secret, today, tokyo('2027-03-15', '00:20'), zone)).toEqual({
      valid: true,
      day: '2027-03-14',
    });
    expect(judgeCheckInCode(secret, today, tokyo('2027-03-15', '09:00'), zone)).toEqual({
      valid: false,
      reason: 'expired',
    });
    expect(judgeCheckInCode(secret, 'ZZZZZZ', tokyo('2027-03-15', '09:00'), zone)).toEqual({
      valid: false,
      reason: 'wrong',
    });
  });
});

describe('check-in from LINE: the counter QR, the visit, the staff channel and its undo', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-03-14T14:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  const visitsOf = (customerId: string) => t.context.models.Visit.find({ customerId }).lean();
  const followUpsOf = async (customerId: string) =>
    (await t.context.scheduler.followUpsOf(customerId)).map((job) => job.name).sort();

  it('/joren checkin posts today’s QR: it opens the shop’s chat with today’s check-in typed in', async () => {
    const answer = await t.command(t.staff, '/joren', 'checkin');
    const today = await t.context.flows.checkIns.today();
    expect(answer.text).toContain(
      `今日の来店 QR（コード ${today.code}）を <#${t.staffChannel}> に投稿しました`,
    );
    const upload = [...t.slackFake.uploads.values()].find(
      (u) => u.filename === 'joren-check-in-2027-03-14.png',
    )!;
    expect(upload).toMatchObject({
      completed: true,
      channel: t.staffChannel,
      title: '来店チェックイン QR（2027/03/14）',
    });
    expect(decodeQr(upload.bytes!)).toBe(today.url);
    expect(decodeURIComponent(today.url)).toMatch(
      /^https:\/\/line\.me\/R\/oaMessage\/@.+\/\?来店チェックイン [A-Z2-9]{6}$/,
    );
  });

  it('the App Home shows today’s code, and its button posts the QR in the staff channel', async () => {
    await t.slack.event({ type: 'app_home_opened', user: t.staff.userId, channel: 'D0HOME', tab: 'home' });
    await t.settleAll();
    const home = t.slackFake.homeOf(t.staff.userId)!;
    const { code } = await t.context.flows.checkIns.today();
    expect(textOf(home.view)).toContain(`今日（2027/03/14）のコード: *${code}*`);
    expect(textOf(home.view)).toContain('QRコードを送る');
    const before = t.slackFake.uploads.size;
    await t.press(t.staff, { actionId: 'checkin:qr', value: '2027-03-14' }, { viewId: home.id });
    expect(t.slackFake.uploads.size).toBe(before + 1);
    const upload = [...t.slackFake.uploads.values()].at(-1)!;
    expect(decodeQr(upload.bytes!)).toBe((await t.context.flows.checkIns.today()).url);
  });

  it("today's code: thanked at once (reply), the visit recorded once, follow-ups scheduled, staff told", async () => {
    const sim = await onboardedFriend(t, '山田 花子', { callName: 'はなこ' });
    const { message } = await t.context.flows.checkIns.today();
    expect(await sim.say(message)).toEqual([
      'はなこ様、サロン常連へのご来店ありがとうございます。チェックインを承りました。\nどうぞごゆっくりお過ごしください。',
    ]);
    expect(t.fake.deliveries.filter((d) => d.to === sim.userId).map((d) => d.via)).toEqual(['reply']);
    const [visit] = await visitsOf(sim.userId);
    expect(visit).toMatchObject({ source: 'check-in', at: tokyo('2027-03-14', '14:00') });
    expect(await followUpsOf(sim.userId)).toEqual(['post-visit-survey', 'post-visit-thanks']);

    // The same QR again the same day: one visit a day.
    t.clock.advance(60 * 60_000);
    expect(await sim.say(message)).toEqual([
      'はなこ様、本日のご来店はすでに承っております。ありがとうございます。',
    ]);
    expect(await visitsOf(sim.userId)).toHaveLength(1);

    await t.settleAll();
    const notice = t.slackFake
      .channelMessages(t.staffChannel)
      .find((m) => textOf(m as never).includes('チェックイン'))!;
    expect(textOf(notice as never)).toContain('📍 山田 花子（はなこ）様がチェックインしました（3/14 14:00）');
    expect(textOf(notice as never)).toContain('取り消す');

    // 取り消す: the visit and its scheduled thank-you and survey go; the notice says who undid it.
    await t.press(
      t.staff,
      { actionId: 'checkin:undo', value: visit!._id },
      { channel: t.staffChannel, messageTs: notice.ts },
    );
    expect(await visitsOf(sim.userId)).toEqual([]);
    expect(await followUpsOf(sim.userId)).toEqual([]);
    expect(textOf(t.slackFake.message(t.staffChannel, notice.ts) as never)).toContain(
      '↩️ 山田 花子（はなこ）様のチェックインを取り消しました（田中）',
    );
    expect((await t.context.models.Customer.findById(sim.userId).lean())?.visitCount).toBe(0);
  });

  it('a check-in wins back a lapsed customer; undoing it takes the win back', async () => {
    const sim = await onboardedFriend(t, '久保 戻');
    const now = t.clock.now();
    await t.context.models.WinBack.create({
      _id: `${sim.userId}:lapse`,
      customerId: sim.userId,
      lapsedAt: new Date(now.getTime() - 10 * DAY),
      checkInSentAt: new Date(now.getTime() - 5 * DAY),
      repliedAt: new Date(now.getTime() - 4 * DAY),
      reason: 'timing',
      outcome: 'replied',
    });
    const { message } = await t.context.flows.checkIns.today();
    await sim.say(message);
    const episode = () => t.context.models.WinBack.findById(`${sim.userId}:lapse`).lean();
    expect(await episode()).toMatchObject({ outcome: 'won-back', wonBackAt: now });

    await t.settleAll();
    const [visit] = await visitsOf(sim.userId);
    const notice = t.slackFake
      .channelMessages(t.staffChannel)
      .filter((m) => textOf(m as never).includes('久保 戻'))
      .at(-1)!;
    await t.press(
      t.staff,
      { actionId: 'checkin:undo', value: visit!._id },
      { channel: t.staffChannel, messageTs: notice.ts },
    );
    expect(await visitsOf(sim.userId)).toEqual([]);
    const after = await episode();
    expect(after?.outcome).toBe('replied');
    expect(after?.wonBackAt).toBeUndefined();
  });

  it("yesterday's code (a photo taken home) gets a polite answer and records nothing", async () => {
    const sim = await onboardedFriend(t, '佐藤 健');
    const { message } = await t.context.flows.checkIns.today();
    t.clock.travelTo(new Date(t.clock.now().getTime() + DAY));
    expect(await sim.say(message)).toEqual([
      '恐れ入ります、こちらは本日のチェックイン用のコードではないようです。お手数ですが、店頭のQRコードをもう一度読み取ってお送りください。',
    ]);
    expect(await sim.say('来店チェックイン ABCDEF')).toEqual([
      '恐れ入ります、チェックイン用のコードを確認できませんでした。お手数ですが、店頭のQRコードを読み取ってお送りください。',
    ]);
    expect(await visitsOf(sim.userId)).toEqual([]);
    expect(await followUpsOf(sim.userId)).toEqual([]);
  });
});

describe('check-in with CHECK_IN_NOTIFY_STAFF=off', () => {
  it('records the visit without a notice in the staff channel', async () => {
    const t = await startSlackTestApp({
      clock: clockAt('2027-03-14T14:00:00+09:00'),
      env: { CHECK_IN_NOTIFY_STAFF: 'off' },
    });
    try {
      const sim = await onboardedFriend(t, '鈴木 一郎');
      await sim.say((await t.context.flows.checkIns.today()).message);
      await t.settleAll();
      expect(await t.context.models.Visit.countDocuments({ customerId: sim.userId })).toBe(1);
      expect(
        t.slackFake.channelMessages(t.staffChannel).filter((m) => m.text?.includes('チェックイン')),
      ).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});
