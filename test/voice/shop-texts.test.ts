import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CustomerSim, onboardedFriend } from '../support/customer-sim.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import { channelTexts, modal, pressInView, submitView, typed } from '../support/slack-views.js';

const DAY = 86_400_000;

/**
 * The shop's own voice, end to end: staff open a text from `/joren templates` in Slack, see its
 * placeholders and a preview for a real customer, save their version (refused with the reason when it
 * breaks a rule), and the next customer on LINE reads it; one click goes back to the default; a broken
 * stored version never stops a send.
 */
describe('/joren templates: the texts customers read, edited from Slack', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp();
    // A real customer for the preview: the first following customer with a visit.
    await onboardedFriend(t, '山田 花子', {
      callName: 'ハナコ',
      visitCount: 2,
      lastVisitAt: new Date(t.clock.now().getTime() - 20 * DAY),
      lastMenu: 'カラー',
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const press = (actionId: string, value: string) =>
    t.press(
      t.staff,
      { actionId, value },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );
  const openText = async (group: string, id: string) => {
    const list = await press(`voice:group:${group}`, group);
    expect(list.text).toContain('編集');
    await press(`voice:edit:${id}`, id);
    return modal(t, 'voice:template');
  };
  const textBlock = (view: ReturnType<typeof modal>) =>
    (view.view.blocks as { block_id?: string }[]).find((b) => b.block_id?.startsWith('vt_text'))!.block_id!;
  const save = (view: ReturnType<typeof modal>, text: string) =>
    submitView(t, view, typed(textBlock(view), 'vt:text', text));

  it('lists the texts by group, each as it reads now', async () => {
    const menu = await t.command(t.staff, '/joren', 'templates');
    for (const group of [
      '友だち追加・ご登録',
      'お礼・アンケート・ご要望',
      '誕生日・季節のご挨拶',
      'ご紹介',
    ]) {
      expect(menu.text).toContain(group);
    }
    const onboarding = await t.command(t.staff, '/joren', 'templates onboarding');
    expect(onboarding.text).toContain('既定 · {name}様、{shop}を友だち追加いただき、ありがとうございます。');
    expect(onboarding.text).toContain('既定 · スキップ');
  });

  it('a text saved in Slack is what the next new friend reads; the channel is told who changed it', async () => {
    const view = await openText('onboarding', 'welcome');
    const shown = textOf(view.view);
    expect(shown).toContain('`{name}` お客様のお名前');
    expect(shown).toContain('`{shop}` 店名');
    expect(shown).toContain('メッセージ（LINE の上限 5,000 文字）');
    // The preview is rendered for a real customer, by the name the shop calls them.
    expect(shown).toContain('*プレビュー*（ハナコ様の場合）\n> ハナコ様、サロン常連を友だち追加いただき');
    expect(shown).toContain('まだ変更はありません。');

    const draft = '{name}様、{shop}へようこそ！LINEでのご予約もお気軽にどうぞ。';
    await pressInView(
      t,
      view,
      { actionId: 'voice:template-preview', value: 'welcome' },
      typed(textBlock(view), 'vt:text', draft),
    );
    expect(textOf(modal(t, 'voice:template').view)).toContain(
      '> ハナコ様、サロン常連へようこそ！LINEでのご予約もお気軽にどうぞ。',
    );

    const saved = await save(modal(t, 'voice:template'), draft);
    expect(saved.ack).toBe('');
    expect(channelTexts(t).at(-1)).toBe(
      `✏️ <@${t.staff.userId}> さんが文面「友だち追加・ご登録 · welcome」を変更しました。次に送る分から使われます。`,
    );

    const newcomer = new CustomerSim(t, '新規 太郎');
    expect(await newcomer.follow()).toEqual([
      '新規 太郎様、サロン常連へようこそ！LINEでのご予約もお気軽にどうぞ。',
      'よろしければ、お呼びする際のお名前を教えていただけますか？（例：山田）',
    ]);

    const again = await openText('onboarding', 'welcome');
    expect(textOf(again.view)).toMatch(/いまはお店の文面です（\d+\/\d+ \d\d:\d\d 田中）。/);
    expect(textOf(again.view)).toMatch(/\d+\/\d+ \d\d:\d\d 田中: 保存/);
    const list = await t.command(t.staff, '/joren', 'templates onboarding');
    expect(list.text).toContain('✏️ お店の文面 · {name}様、{shop}へようこそ！');
  });

  it.each([
    [
      'welcome',
      '{name}様、{coupon}をどうぞ',
      'onboarding',
      'このメッセージでは使えない差し込み項目があります: {coupon}',
    ],
    ['welcome', '   ', 'onboarding', '文面が空です。'],
    ['welcome', '{name様、ようこそ', 'onboarding', '「{」と「}」の対応がとれていません。'],
    [
      'skipLabel',
      'お名前の登録は今回はスキップしておきますね',
      'onboarding',
      'ボタンの文字は 20 文字までです',
    ],
    [
      'useLineNameLabel',
      '「{displayName}」さまのお名前で登録',
      'onboarding',
      'ボタンの文字は 20 文字までです',
    ],
    [
      'newsletterAltText',
      `{shop}より${'お知らせ'.repeat(100)}`,
      'newsletter',
      '通知に出る代わりの文字（altText）は 400 文字までです',
    ],
  ])('refuses %s written as 「%s」 in the modal, saying why', async (id, text, group, reason) => {
    const view = await openText(group, id);
    const before = await t.context.models.ShopTemplates.findById('current').lean();
    const answer = await save(view, text);
    expect(answer.ack).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(answer.ack)).toContain(reason);
    expect((await t.context.models.ShopTemplates.findById('current').lean())?.versions[id]).toEqual(
      before?.versions[id],
    );
  });

  it('one click goes back to the default; the next customer reads it again', async () => {
    const view = await openText('onboarding', 'welcome');
    await pressInView(t, view, { actionId: 'voice:template-reset', value: 'welcome' });
    const reset = textOf(modal(t, 'voice:template').view);
    expect(reset).toContain('いまは既定の文面です。');
    expect(reset).toMatch(/田中: 既定に戻す/);
    expect(channelTexts(t).at(-1)).toContain('を既定に戻しました。');
    const next = new CustomerSim(t, '次の 花子');
    expect((await next.follow())[0]).toMatch(
      /^次の 花子様、サロン常連を友だち追加いただき、ありがとうございます。/,
    );
  });

  it('a button label saved in Slack is on the customer’s quick reply', async () => {
    const view = await openText('onboarding', 'skipLabel');
    expect(textOf(view.view)).toContain('ボタンの文字（LINE の上限 20 文字）');
    expect((await save(view, 'あとで')).ack).toBe('');
    const sim = new CustomerSim(t, 'ボタン 確認');
    await sim.follow();
    expect(sim.buttons()).toEqual(['「ボタン 確認」で登録', 'あとで']);
    expect(await sim.tap('あとで')).toEqual([expect.stringMatching(/^お誕生日を教えていただけますか？/)]);
  });

  it('a broken stored version never stops a send: the default goes, and staff are told once', async () => {
    // As if stored by an older version of Joren that offered a placeholder this one does not.
    await t.context.models.ShopTemplates.updateOne(
      { _id: 'current' },
      {
        $set: {
          'versions.welcomeBack': {
            text: '{name}様、{points}ポイントです',
            revision: 3,
            by: 'U0OLD',
            at: t.clock.now(),
          },
        },
      },
    );
    t.clock.advance(31_000); // past the 30-second cache of the shop's texts
    const returning = new CustomerSim(t, '戻り 次郎');
    await returning.follow();
    await returning.unfollow();
    expect(await returning.follow()).toEqual([expect.stringMatching(/^戻り 次郎様、おかえりなさいませ。/)]);
    const another = new CustomerSim(t, '戻り 三郎');
    await another.follow();
    await another.unfollow();
    await another.follow();
    await t.settleAll();
    const alerts = channelTexts(t).filter((text) => text.includes('welcomeBack'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('お店の文面「welcomeBack」を送れなかったため、既定の文面を送りました');
    expect(alerts[0]).toContain('{points}');
  });
});
