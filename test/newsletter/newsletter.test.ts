import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../../src/retention/shop-time.js';
import { clockAt, friend, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import {
  channelTexts,
  chosen,
  modal,
  pressInView,
  submitView,
  typed,
  type ViewValues,
} from '../support/slack-views.js';

const form = (text: string, imageUrl: string, style: 'image' | 'flex'): ViewValues => ({
  ...typed('nl_text', 'nl:text', text),
  ...typed('nl_image', 'nl:image', imageUrl),
  ...chosen('nl_style', 'nl:style', style),
});

/**
 * The newsletter, end to end: staff write an edition in Slack, preview it as a customer would see it
 * and schedule it for a month; the regular touch sends it to each customer once, at their own rhythm,
 * personalised; a month without an edition sends nothing, and staff are reminded a week before.
 */
describe('the newsletter: written in Slack, sent once per edition to each customer', () => {
  let t: SlackTestApp;
  let visited: string;
  let quiet: string[];

  beforeAll(async () => {
    t = await startSlackTestApp({
      clock: clockAt('2027-10-20T11:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none' },
    });
    const lastContactAt = tokyo('2027-09-25', '12:00');
    visited = await friend(t, {
      displayName: '山田 花子',
      callName: 'ハナコ',
      lastContactAt,
      followedAt: lastContactAt,
      lastVisitAt: tokyo('2027-09-25'),
      firstVisitAt: tokyo('2027-09-25'),
      visitCount: 1,
      lastMenu: 'カラー',
    });
    await t.context.models.Visit.create({
      _id: 'v-hanako',
      customerId: visited,
      at: tokyo('2027-09-25'),
      source: 'staff',
    });
    quiet = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        friend(t, { displayName: `静か ${i}`, lastContactAt, followedAt: lastContactAt }),
      ),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  it('writes November’s edition in Slack with a preview as the customer will see it', async () => {
    const opened = await t.command(t.staff, '/joren', 'newsletter 2027-11');
    expect(opened.text).toBe('お知らせの作成画面を開きました。');
    const view = modal(t, 'voice:newsletter');
    expect(textOf(view.view)).toContain('*2027年11月号*');
    expect(textOf(view.view)).toContain('この月の号はまだありません。');

    const values = form(
      '11月は新メニュー「ヘッドスパ」が始まります。',
      'https://cdn.example.com/spa.jpg',
      'image',
    );
    await pressInView(t, view, { actionId: 'voice:newsletter-preview', value: '2027-11' }, values);
    const preview = textOf(modal(t, 'voice:newsletter').view);
    expect(preview).toContain('*プレビュー*（ハナコ様に届く内容）');
    expect(preview).toContain('> ハナコ様、こんにちは。サロン常連です。いつもありがとうございます。');
    expect(preview).toContain('> 前回のカラーから4週間が経ちました。その後いかがお過ごしでしょうか。');
    expect(preview).toContain('> 11月は新メニュー「ヘッドスパ」が始まります。');
    expect(preview).toContain('🖼 続けて画像: https://cdn.example.com/spa.jpg');

    const refused = await submitView(
      t,
      modal(t, 'voice:newsletter'),
      form('本文', 'http://cdn.example.com/spa.jpg', 'image'),
    );
    expect(refused.ack).toMatchObject({
      response_action: 'errors',
      errors: { nl_image: '画像の URL は https:// で始まる URL にしてください。' },
    });
    const empty = await submitView(t, modal(t, 'voice:newsletter'), form('', '', 'image'));
    expect(empty.ack).toMatchObject({ errors: { nl_text: '本文を入れてください（3,000文字まで）。' } });

    expect((await submitView(t, modal(t, 'voice:newsletter'), values)).ack).toBe('');
    expect(channelTexts(t).at(-1)).toBe(
      `📰 <@${t.staff.userId}> さんが2027年11月号のお知らせを予約しました。その月のあいだ、各お客様の連絡の間隔に合わせて1人1回ずつ届きます。`,
    );
    expect(await t.context.models.NewsletterEdition.findById('2027-11').lean()).toMatchObject({
      imageUrl: 'https://cdn.example.com/spa.jpg',
      imageStyle: 'image',
      by: t.staff.userId,
      byName: '田中',
    });
  });

  it('a past month cannot be scheduled', async () => {
    await t.command(t.staff, '/joren', 'newsletter 2027-09');
    const refused = await submitView(t, modal(t, 'voice:newsletter'), form('九月号', '', 'image'));
    expect(refused.ack).toMatchObject({ errors: { nl_text: '過ぎた月には予約できません。' } });
  });

  it('October has no edition: no regular touch at all, though customers are due', async () => {
    for (let i = 0; i < 10; i++) await travel(t, tokyo(addDays('2027-10-21', i), '09:30'));
    expect(t.fake.deliveries).toHaveLength(0);
  });

  it('in November, each customer gets the edition once, personalised, at their own rhythm', async () => {
    const before = t.fake.deliveries.length;
    for (let i = 0; i < 20; i++) await travel(t, tokyo(addDays('2027-11-01', i), '09:30'));
    const everyone = [visited, ...quiet];
    for (const user of everyone) {
      const texts = t.fake.textsTo(user);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('11月は新メニュー「ヘッドスパ」が始まります。');
      expect(texts[0]).toContain('お知らせは「配信停止」とお送りいただければ、いつでも止められます。');
      expect(t.fake.messagesTo(user).filter((m) => m.type === 'image')).toEqual([
        expect.objectContaining({ originalContentUrl: 'https://cdn.example.com/spa.jpg' }),
      ]);
    }
    expect(t.fake.textsTo(visited)[0]).toMatch(
      /^ハナコ様、こんにちは。サロン常連です。いつもありがとうございます。\n前回のカラーから約1か月が経ちました。/,
    );
    expect(t.fake.textsTo(quiet[0]!)[0]).toMatch(
      /^静か 0様、こんにちは。サロン常連です。.*\nご来店の際は、どうぞお気軽にお声がけください。/,
    );
    // Spread over the stagger days rather than all at once.
    const days = new Set(t.fake.deliveries.slice(before).map((d) => d.at.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(1);
    const ledger = await t.context.models.SendLedger.find({ kind: 'regular' }).lean();
    expect(ledger.map((entry) => entry._id).sort()).toEqual(
      everyone.map((id) => `regular:news-2027-11:${id}`).sort(),
    );
  });

  it('a week before December without an edition, staff are reminded once', async () => {
    await travel(t, tokyo('2027-11-23', '09:30'));
    expect(channelTexts(t).filter((text) => text.includes('12月号'))).toEqual([]);
    await travel(t, tokyo('2027-11-24', '09:30'));
    await travel(t, tokyo('2027-11-25', '09:30'));
    const reminders = channelTexts(t).filter((text) =>
      text.includes('2027年12月号のお知らせがまだありません'),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain('/joren newsletter 2027-12');
  });

  it('December’s edition as a Flex card with the picture reaches each customer once more', async () => {
    await t.command(t.staff, '/joren', 'newsletter');
    const view = modal(t, 'voice:newsletter');
    expect(textOf(view.view)).toContain('*2027年12月号*');
    const values = form('年末年始の営業のご案内です。', 'https://cdn.example.com/winter.png', 'flex');
    expect((await submitView(t, view, values)).ack).toBe('');
    const before = t.fake.deliveries.length;
    for (let i = 0; i < 14; i++) await travel(t, tokyo(addDays('2027-12-01', i), '09:30'));
    for (const user of [visited, ...quiet]) {
      const flex = t.fake.messagesTo(user).filter((m) => m.type === 'flex') as unknown as {
        altText: string;
        contents: { hero: { url: string } };
      }[];
      expect(flex).toHaveLength(1);
      expect(flex[0]).toMatchObject({
        altText: 'サロン常連からのお知らせ（12月号）',
        contents: { hero: { url: 'https://cdn.example.com/winter.png' } },
      });
    }
    expect(t.fake.deliveries.length - before).toBe(9);
  });
});
