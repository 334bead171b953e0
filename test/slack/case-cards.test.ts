import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openComplaintForCustomer } from '../../flows/complaint.flow.js';
import type { FakeSlackMessage } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import { sendTouchpoint } from '../support/transcripts.js';

describe('complaint cases as cards in Slack, with 担当する and 解決済み', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const friend = (displayName: string) => onboardedFriend(t, displayName);
  /** The card of a case, where the case says it is. */
  const cardOf = async (caseId: string): Promise<FakeSlackMessage> => {
    const { slack } = (await t.context.models.ComplaintCase.findById(caseId).lean())!;
    return t.slackFake.message(slack!.channel, slack!.ts)!;
  };
  const act = async (action: () => Promise<string[]>) => {
    const said = await action();
    await t.settleAll();
    return said;
  };

  it('a rating of 1 in LINE → a case card → 担当する → 解決済み with a note → the confirmation on LINE', async () => {
    const sim = await friend('高橋 恵');
    const visit = await t.context.models.Visit.create({
      customerId: sim.userId,
      at: t.clock.now(),
      menu: 'カラー',
      source: 'staff',
    });
    await sendTouchpoint(t, 'post-visit-survey', sim.userId, visit._id);
    sim.received();
    await act(() => sim.tap('1 不満'));

    const complaint = (await t.context.models.ComplaintCase.findOne({ customerId: sim.userId }).lean())!;
    const card = await cardOf(complaint._id);
    expect(textOf(card as never)).toContain('🚨 クレーム対応');
    expect(textOf(card as never)).toContain('高橋 恵 · 友だち');
    expect(textOf(card as never)).toContain('アンケートで 1 の評価');
    expect(textOf(card as never)).toContain('🔴 未対応');
    expect(complaint.slack).toEqual({ channel: t.staffChannel, ts: card.ts });

    await act(() => sim.say('カラーの色が思っていたより暗かったです'));
    await act(() => sim.say('次回、色味を調整していただけると嬉しいです'));
    let shown = textOf((await cardOf(complaint._id)) as never);
    expect(shown).toContain('> カラーの色が思っていたより暗かったです');
    expect(shown).toContain(
      '*どのようにすればご満足いただけるか*\n> 次回、色味を調整していただけると嬉しいです',
    );

    await t.press(
      t.staff,
      { actionId: 'case:take', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    shown = textOf((await cardOf(complaint._id)) as never);
    expect(shown).toMatch(/🟡 対応中 — 担当: 田中（\d+\/\d+ \d\d:\d\d〜）/);
    expect(JSON.stringify((await cardOf(complaint._id)).blocks)).not.toContain('"action_id":"case:take"');

    sim.received();
    await t.press(
      t.staff,
      { actionId: 'case:resolve', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1)!;
    expect(modal.view).toMatchObject({ callback_id: 'case:resolve', private_metadata: complaint._id });
    await t.slack.viewSubmission(
      t.staff,
      { viewId: modal.id },
      { resolution: { text: '次回のカラーを無料で調整いたします。' } },
    );
    await t.settleAll();

    expect(sim.received()).toEqual([
      '高橋 恵様、先日はご不便をおかけし、誠に申し訳ございませんでした。\n' +
        'お申し出いただいた件につきまして、対応が完了いたしましたのでご報告いたします。\n' +
        '次回のカラーを無料で調整いたします。\n' +
        '今後ともどうぞよろしくお願いいたします。',
    ]);
    const resolved = await cardOf(complaint._id);
    shown = textOf(resolved as never);
    expect(shown).toMatch(/🟢 解決済み — 田中/);
    expect(shown).toContain('対応内容: 次回のカラーを無料で調整いたします。');
    expect(shown).toContain('✅ お客様に完了のご連絡を送りました');
    expect(JSON.stringify(resolved.blocks)).not.toContain('"action_id":"case:resolve"');
    // One card, updated in place as the case moved.
    expect(resolved.ts).toBe(card.ts);
    expect(resolved.edits).toBeGreaterThanOrEqual(4);
    expect(await t.context.models.ComplaintCase.findById(complaint._id).lean()).toMatchObject({
      status: 'resolved',
      takenBy: '田中',
      resolvedBy: '田中',
      history: expect.arrayContaining([
        expect.objectContaining({ action: 'taken', by: '田中' }),
        expect.objectContaining({ action: 'resolved', by: '田中' }),
        expect.objectContaining({ action: 'confirmed' }),
      ]),
    });
  });

  it('resolving without a note sends the plain confirmation; pressing a button of a resolved case says so', async () => {
    const sim = await friend('電話 受付');
    const customer = (await t.context.models.Customer.findById(sim.userId).lean())!;
    const complaint = await openComplaintForCustomer(t.context.flows, {
      customer,
      by: '店長',
      words: '電話での言い方がきつかった',
    });
    await t.settleAll();
    const card = await cardOf(complaint._id);
    expect(textOf(card as never)).toContain('スタッフが登録');
    expect(textOf(card as never)).toContain('受付（店長）');
    sim.received();

    await t.press(
      t.staff,
      { actionId: 'case:resolve', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1)!;
    await t.slack.viewSubmission(t.staff, { viewId: modal.id }, { resolution: { text: '   ' } });
    await t.settleAll();
    expect(sim.received()).toEqual([
      expect.stringMatching(/対応が完了いたしましたのでご報告いたします。\n今後とも/),
    ]);

    const again = await t.press(
      t.staff,
      { actionId: 'case:take', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    expect(again.text).toBe('この案件はすでに解決済みです。');
    const forged = await t.press(
      t.staff,
      { actionId: 'case:take', value: '{"$gt":""}' },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    expect(forged.text).toBe('この案件は見つかりませんでした。');
  });

  it('when LINE cannot take the confirmation, the case is resolved and the card says the customer was not told', async () => {
    const sim = await friend('届かない');
    const customer = (await t.context.models.Customer.findById(sim.userId).lean())!;
    const complaint = await openComplaintForCustomer(t.context.flows, { customer, by: '店長' });
    await t.settleAll();
    const card = await cardOf(complaint._id);
    t.fake.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await t.press(
      t.staff,
      { actionId: 'case:resolve', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    await t.slack.viewSubmission(t.staff, { viewId: t.slackFake.modalsFor(t.staff.userId).at(-1)!.id }, {});
    await t.settleAll();
    expect(textOf((await cardOf(complaint._id)) as never)).toContain(
      '⚠️ お客様に完了のご連絡は届いていません',
    );
    expect(t.slackFake.threadReplies(t.staffChannel, card.ts).at(-1)?.text).toContain(
      '解決済みにしましたが、お客様への完了のご連絡を送れませんでした',
    );
  });
});
