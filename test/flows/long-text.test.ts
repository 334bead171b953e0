import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/log.js';
import { CustomerSim, onboardedFriend } from '../support/customer-sim.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sendTouchpoint, sendWinBackCheckIn } from '../support/transcripts.js';

/**
 * 5,000 characters as LINE allows them: full-width text, an emoji ZWJ sequence, a surrogate pair,
 * combining marks and half-width kana with its sound mark. Each piece is 10 characters.
 */
const PIECE = '長文テスト🙇‍♀️𠮷é'.normalize('NFD') + 'ｶﾞ';
function longText(lead: string): string {
  const characters = (text: string) => [...text].length;
  let text = lead;
  while (characters(text) + characters(PIECE) <= 5_000) text += PIECE;
  while (characters(text) < 5_000) text += 'あ';
  return text;
}
/** Fragments that must never reach a log line. */
const FRAGMENTS = ['長文テスト', '𠮷', 'ｶﾞ'];

/** Nothing clipped may end inside a surrogate pair. */
function wellFormed(text: string | undefined): boolean {
  return (
    text !== undefined && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
  );
}

/**
 * A 5,000-character message through every flow: each answers as it would a short one, bounded fields
 * get the text clipped (never split inside a character), the conversation log keeps all of it, no
 * event is parked, and no part of it reaches the log, even at debug level.
 */
describe('a 5,000-character LINE text through every flow', () => {
  let t: TestApp;
  const logged: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString('utf8'));
      done();
    },
  });

  beforeAll(async () => {
    t = await startTestApp({
      log: createLogger('debug', sink),
      env: { SHOP_HOURS: '00:00-24:00' },
      inboxWorker: { maxAttempts: 2 },
    });
  });
  beforeEach(() => {
    t.clock.advance(3_600_000);
  });
  afterAll(async () => {
    await t.stop();
  });

  const customer = (sim: CustomerSim) => t.context.models.Customer.findById(sim.userId).lean();
  /** The text a customer sent is in the conversation log whole. */
  const expectLoggedWhole = async (sim: CustomerSim, text: string) => {
    const entries = await t.context.models.Message.find({ customerId: sim.userId, direction: 'in' }).lean();
    expect(entries.map((entry) => entry.text)).toContain(text);
  };
  const expectNothingParked = async () => {
    expect(await t.context.models.InboxEvent.countDocuments({ status: 'parked' })).toBe(0);
  };

  afterEach(async () => {
    await expectNothingParked();
    const output = logged.join('');
    for (const fragment of FRAGMENTS) expect(output).not.toContain(fragment);
  });

  it('builds the text it says it does', () => {
    const text = longText('');
    expect([...text]).toHaveLength(5_000);
    expect(text.length).toBeGreaterThan(5_000);
  });

  it('onboarding: a long answer to the name or birthday question is not taken for one; staff get it', async () => {
    const sim = new CustomerSim(t, '長文 一号');
    await sim.follow();
    const name = longText('はなです。');
    expect(await sim.say(name)).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    expect((await customer(sim))?.callName).toBeUndefined();
    await expectLoggedWhole(sim, name);

    // The questions go on as before.
    expect(await sim.tap('スキップ')).toEqual([expect.stringMatching(/^お誕生日を教えていただけますか？/)]);
    const birthday = longText('3/14 ');
    expect(await sim.say(birthday)).toEqual([]);
    expect((await customer(sim))?.birthday).toBeUndefined();
    expect(await sim.say('3/14')).toEqual([
      '3月14日ですね。ありがとうございます。お誕生日を楽しみにしております。',
      expect.stringMatching(/^サロン常連から/),
    ]);
    await expectLoggedWhole(sim, birthday);
  });

  it('complaint: the case keeps the words and the wish clipped, staff get the case', async () => {
    const sim = await onboardedFriend(t, '長文 二号', { callName: '二号' });
    const words = longText('受付の対応が悪いと思いました。二度と行きません。');
    const answer = await sim.say(words);
    expect(answer[0]).toBe('二号様、このたびはご不快な思いをおかけしたことと存じます。');
    expect(answer.at(-1)).toBe(
      'どのようにさせていただければご満足いただけますでしょうか。ご希望をお聞かせください。',
    );
    const wish = longText('きちんと謝ってほしいです。');
    expect(await sim.say(wish)).toEqual([expect.stringMatching(/^承知いたしました。/)]);
    const complaint = await t.context.models.ComplaintCase.findOne({ customerId: sim.userId }).lean();
    expect(complaint?.words?.startsWith('受付の対応が悪いと思いました。')).toBe(true);
    expect(complaint?.words?.length).toBeLessThanOrEqual(2_000);
    expect(complaint?.wish?.startsWith('きちんと謝ってほしいです。')).toBe(true);
    expect(wellFormed(complaint?.words) && wellFormed(complaint?.wish)).toBe(true);
    await expectLoggedWhole(sim, words);
    await expectLoggedWhole(sim, wish);
  });

  it('survey: a long comment after a 5 is kept clipped, and a long wish too', async () => {
    const sim = await onboardedFriend(t, '長文 三号', { callName: '三号' });
    const visit = await t.context.models.Visit.create({
      customerId: sim.userId,
      at: t.clock.now(),
      menu: 'カット',
      source: 'staff',
    });
    await sendTouchpoint(t, 'post-visit-survey', sim.userId, visit._id);
    await sim.tap('5 とても満足');
    const comment = longText('スタイリストさんの提案が素敵でした。');
    const answer = await sim.say(comment);
    expect(answer[0]).toBe('貴重なご意見をありがとうございます。今後のサービスに活かしてまいります。');
    const survey = await t.context.models.Survey.findById(visit._id).lean();
    expect(survey?.comment?.startsWith('スタイリストさんの提案が素敵でした。')).toBe(true);
    expect(wellFormed(survey?.comment)).toBe(true);
    await expectLoggedWhole(sim, comment);

    expect(sim.buttons()).toContain('特にありません');
    const wish = longText('平日の夜も開いていると嬉しいです。');
    expect(await sim.say(wish)).toEqual([
      'お聞かせいただき、ありがとうございます。お店づくりの参考にさせていただきます。',
    ]);
    const stored = await t.context.models.Wish.findById(visit._id).lean();
    expect(stored?.text?.startsWith('平日の夜も開いていると嬉しいです。')).toBe(true);
    expect(wellFormed(stored?.text)).toBe(true);
  });

  it('win-back: a long reason is kept clipped and relayed to staff', async () => {
    const sim = await onboardedFriend(t, '長文 四号', { callName: '四号' });
    const episodeId = await sendWinBackCheckIn(t, sim.userId);
    await sim.tap('その他');
    const reason = longText('引っ越しました。');
    expect(await sim.say(reason)).toEqual([
      'お聞かせいただき、ありがとうございます。担当者が拝見し、必要に応じてご連絡いたします。',
    ]);
    const episode = await t.context.models.WinBack.findById(episodeId).lean();
    expect(episode?.replyText?.startsWith('引っ越しました。')).toBe(true);
    expect(wellFormed(episode?.replyText)).toBe(true);
    await expectLoggedWhole(sim, reason);
  });

  it('staff relay: a long question goes to staff in Slack and the customer is told once', async () => {
    const sim = await onboardedFriend(t, '長文 五号');
    const question = longText('駐車場はありますか？');
    expect(await sim.say(question)).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    await expectLoggedWhole(sim, question);
    const posted = t.context.slack.sandbox?.fake.messages ?? [];
    expect(JSON.stringify(posted)).toContain('駐車場はありますか？');
  });

  it('phone number and birthday commands: a long answer is asked again or given to staff', async () => {
    const sim = await onboardedFriend(t, '長文 六号');
    await sim.say('電話番号で登録');
    expect(await sim.say(longText('080-1234-5678 '))).toEqual([
      expect.stringMatching(/^恐れ入ります、お電話番号として読み取れませんでした。/),
    ]);
    expect((await customer(sim))?.phone).toBeUndefined();
    await sim.tap('スキップ');
    await sim.say('誕生日');
    // Longer than any date: read as a message for staff, not as a birthday.
    expect(await sim.say(longText('7月7日 '))).toEqual([
      'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
    ]);
    expect((await customer(sim))?.birthday).toBeUndefined();
  });

  it('a link code lookalike and a referral code lookalike are simply relayed', async () => {
    const sim = await onboardedFriend(t, '長文 七号');
    const code = longText('紹介コード TR7K4M ');
    expect(await sim.say(code)).toHaveLength(1);
    await expectLoggedWhole(sim, code);
  });
});
