import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeSlackMessage } from '../../src/sandbox/slack-api/fake-slack-api.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

describe('a complaint told by phone or at the counter: opened from Slack, checked a week after', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-05-10T11:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  const cardOf = async (caseId: string): Promise<FakeSlackMessage> => {
    const { slack } = (await t.context.models.ComplaintCase.findById(caseId).lean())!;
    return t.slackFake.message(slack!.channel, slack!.ts)!;
  };
  const openFromCard = async (customerId: string, heard: string, words: string) => {
    await t.press(
      t.staff,
      { actionId: 'customer:complaint', value: customerId },
      { channel: t.staffChannel, messageTs: '1.0', ephemeral: true },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1)!;
    expect(modal.view.callback_id).toBe('customer:complaint');
    await t.slack.viewSubmission(t.staff, { viewId: modal.id }, { heard: { heard }, words: { words } });
    await t.settleAll();
    return (await t.context.models.ComplaintCase.findOne({ customerId }).sort({ openedAt: -1 }).lean())!;
  };

  it('/customer → クレームを登録 → a card with the five steps as a checklist; nothing is sent to the customer', async () => {
    const sim = await onboardedFriend(t, '松本 直子');
    const card = await t.command(t.staff, '/customer', '松本');
    expect(card.text).toContain('クレームを登録');
    const complaint = await openFromCard(sim.userId, 'phone', 'パーマがすぐ取れてしまった');
    expect(complaint).toMatchObject({
      trigger: 'in-person',
      heard: 'phone',
      ownerId: t.staff.userId,
      steps: [],
    });
    const shown = textOf((await cardOf(complaint._id)) as never);
    expect(shown).toContain('電話・店頭で伺ったお申し出');
    expect(shown).toContain('> パーマがすぐ取れてしまった');
    for (const step of [
      '☐ 1. お気持ちを受け止める',
      '☐ 2. 必ず対応すると安心していただく',
      '☐ 3. お詫びとお申し出への感謝',
      '☐ 4. どうすればご満足いただけるか伺う',
      '☐ 5. 解決し、ご満足いただけたか確認',
    ])
      expect(shown).toContain(step);
    expect(sim.received()).toEqual([]);

    const message = await cardOf(complaint._id);
    for (const step of ['acknowledge', 'reassure']) {
      await t.press(
        t.staff,
        { actionId: `case:step:${step}`, value: JSON.stringify({ c: complaint._id, s: step }) },
        { channel: t.staffChannel, messageTs: message.ts },
      );
    }
    const ticked = textOf((await cardOf(complaint._id)) as never);
    expect(ticked).toContain('☑ 1. お気持ちを受け止める');
    expect(ticked).toContain('☑ 2. 必ず対応すると安心していただく');
    expect(ticked).toContain('☐ 3. お詫びとお申し出への感謝');
  });

  it('resolved → a week later the customer is asked how things are, and their rating lands on the card', async () => {
    const sim = await onboardedFriend(t, '井上 拓也');
    const complaint = await openFromCard(sim.userId, 'counter', '予約の時間に待たされた');
    const card = await cardOf(complaint._id);
    await t.press(
      t.staff,
      { actionId: 'case:resolve', value: complaint._id },
      { channel: t.staffChannel, messageTs: card.ts },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1)!;
    await t.slack.viewSubmission(
      t.staff,
      { viewId: modal.id },
      { resolution: { text: '次回はお待たせしないよう予約枠を見直しました。' } },
    );
    await t.settleAll();
    expect(sim.received()).toEqual([expect.stringContaining('対応が完了いたしましたのでご報告いたします。')]);

    await travel(t, tokyo('2027-05-16', '09:30'));
    expect(sim.received()).toEqual([]);
    await travel(t, tokyo('2027-05-17', '09:30'));
    expect(sim.received()).toEqual([
      '井上 拓也様、先日はご迷惑をおかけいたしました。その後いかがでしょうか。\nよろしければ、現在のご満足度を5段階でお聞かせいただけますと幸いです。',
    ]);
    expect(sim.buttons()).toEqual(['5 とても満足', '4 満足', '3 ふつう', '2 やや不満', '1 不満']);
    expect(textOf((await cardOf(complaint._id)) as never)).toContain('解決 1 週間後のご様子伺いを送りました');

    expect(await sim.tap('4 満足')).toEqual([
      'お聞かせいただき、ありがとうございます。今後ともどうぞよろしくお願いいたします。',
    ]);
    await t.settleAll();
    expect(textOf((await cardOf(complaint._id)) as never)).toContain('📝 解決 1 週間後のご満足度: *4 / 5*');
    expect(await sim.tap('5 とても満足')).toEqual(['ご回答ありがとうございます。すでに承っております。']);

    // Asked once per case, however many days pass.
    await travel(t, tokyo('2027-05-18', '09:30'));
    expect(sim.received()).toEqual([]);
  });

  it('a rating of 1–2 a week after asks the owner, in the card’s thread, to call the customer', async () => {
    const sim = await onboardedFriend(t, '清水 恵');
    const complaint = await openFromCard(sim.userId, 'phone', '仕上がりが不揃い');
    await t.context.flows.cases.resolve(complaint._id, '田中');
    await travel(t, new Date(t.clock.now().getTime() + 8 * 86_400_000));
    sim.received();
    await sim.tap('1 不満');
    await t.settleAll();
    const card = await cardOf(complaint._id);
    expect(t.slackFake.threadReplies(t.staffChannel, card.ts).map((m) => m.text)).toContainEqual(
      expect.stringContaining(`📞 <@${t.staff.userId}> 解決 1 週間後のご満足度が 1 / 5 でした。`),
    );
  });

  it('an open case with no movement for two days reminds its owner in the card’s thread', async () => {
    const sim = await onboardedFriend(t, '木村 彩');
    const complaint = await openFromCard(sim.userId, 'phone', '電話がつながらなかった');
    const card = await cardOf(complaint._id);
    const thread = () => t.slackFake.threadReplies(t.staffChannel, card.ts).map((m) => m.text ?? '');
    await travel(t, new Date(t.clock.now().getTime() + 47 * 3_600_000));
    expect(thread()).toEqual([]);
    await travel(t, new Date(t.clock.now().getTime() + 2 * 3_600_000));
    expect(thread()).toEqual([
      `⏰ <@${t.staff.userId}> この案件は 2 日間動きがありません。次のステップに進めてください。`,
    ]);
    // Once per stall.
    await travel(t, new Date(t.clock.now().getTime() + 3 * 3_600_000));
    expect(thread()).toHaveLength(1);
  });
});
