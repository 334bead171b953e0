import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';
import { sendTouchpoint } from '../support/transcripts.js';

describe('tags: set by staff in Slack and by a survey answer; a /broadcast by tag reaches exactly them', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-06-10T11:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  const tagsOf = async (id: string) => (await t.context.models.Customer.findById(id).lean())?.tags;

  it('/joren tag adds and removes; full-width and # are read; nonsense gets the usage', async () => {
    const sim = await onboardedFriend(t, '青木 陽子', { tags: ['休眠'] });
    const answer = await t.command(t.staff, '/joren', 'tag 青木 ＋常連 -休眠 #ＶＩＰ');
    expect(answer.text).toBe('🏷️ 青木 陽子様のタグ: 常連, VIP');
    expect(await tagsOf(sim.userId)).toEqual(['常連', 'VIP']);
    expect((await t.command(t.staff, '/joren', 'tag 青木')).text).toContain('使い方');
    expect((await t.command(t.staff, '/joren', 'tag 誰でもない +x')).text).toContain('見つかりませんでした');
  });

  it('「タグを編集」 on the customer card: the modal saves what is typed (added and removed)', async () => {
    const sim = await onboardedFriend(t, '石井 亮', { tags: ['常連', '紹介'] });
    const card = await t.command(t.staff, '/customer', '石井');
    expect(card.text).toContain('タグを編集');
    await t.press(
      t.staff,
      { actionId: 'customer:tags', value: sim.userId },
      { channel: t.staffChannel, messageTs: '1.0', ephemeral: true },
    );
    const modal = t.slackFake.modalsFor(t.staff.userId).at(-1)!;
    expect(modal.view.callback_id).toBe('customer:tags');
    expect(JSON.stringify(modal.view.blocks)).toContain('"initial_value":"常連、紹介"');
    await t.slack.viewSubmission(t.staff, { viewId: modal.id }, { tags: { text: '常連、 ＶＩＰ' } });
    await t.settleAll();
    expect(await tagsOf(sim.userId)).toEqual(['常連', 'VIP']);
  });

  it('a 5 by the survey’s quick reply tags the customer 高評価', async () => {
    const sim = await onboardedFriend(t, '岡田 真央');
    const visit = await t.context.models.Visit.create({
      customerId: sim.userId,
      at: t.clock.now(),
      source: 'staff',
    });
    await sendTouchpoint(t, 'post-visit-survey', sim.userId, visit._id);
    sim.received();
    await sim.tap('5 とても満足');
    expect(await tagsOf(sim.userId)).toEqual(['高評価']);
  });

  it('/broadcast to the tag VIP reaches exactly the customers tagged VIP', async () => {
    const plain = await onboardedFriend(t, '普通 さん');
    await t.command(t.staff, '/broadcast', '');
    const view = [...t.slackFake.views.values()].find((v) => v.view.callback_id === 'broadcast:compose')!;
    const message = '会員様限定のご案内です。';
    const values = {
      bc_segment: { 'bc:segment': { type: 'static_select', selected_option: { value: 'tag' } } },
      bc_tag: { 'bc:tag': { type: 'plain_text_input', value: 'VIP' } },
      bc_text: { 'bc:text': { type: 'plain_text_input', value: message } },
    };
    const payload = {
      type: 'view_submission',
      team: { id: t.slackFake.teamId, domain: 'joren-test' },
      user: { id: t.staff.userId, username: 'tanaka', name: 'tanaka', team_id: t.slackFake.teamId },
      api_app_id: 'A0JORENAPP',
      trigger_id: t.slackFake.issueTriggerId(t.staff.userId),
      view: { ...view.view, id: view.id, hash: view.hash, type: 'modal', state: { values } },
      response_urls: [],
    };
    await t.slack.postRaw(stringify({ payload: JSON.stringify(payload) }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await t.settleAll();
    expect(textOf(t.slackFake.channelMessages(t.staffChannel).at(-1) as never)).toContain('対象 2人');
    await travel(t, tokyo('2027-06-10', '11:05'));
    const reached = t.fake.deliveries
      .filter((d) => d.messages.some((m) => m.text === message))
      .map((d) => d.to);
    const tagged = (await t.context.models.Customer.find({ tags: 'VIP' }).lean()).map((c) => c._id);
    expect(tagged).toHaveLength(2);
    expect([...reached].sort()).toEqual([...tagged].sort());
    expect(t.fake.textsTo(plain.userId)).not.toContain(message);
  });
});
