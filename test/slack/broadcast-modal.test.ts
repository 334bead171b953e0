import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

type Json = Record<string, unknown>;
const lineId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

describe('/broadcast: the modal with a live count, sent through the contact policy', () => {
  let t: SlackTestApp;
  const vip = lineId(0xc1);
  const vipOptedOut = lineId(0xc2);
  const plain = lineId(0xc3);
  const vipBlocked = lineId(0xc4);
  const vipComplaining = lineId(0xc5);
  let viewId = '';

  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-06-10T11:00:00+09:00') });
    const day = 86_400_000;
    const old = new Date(t.clock.now().getTime() - 30 * day);
    const customers: [string, string, Json][] = [
      [vip, '常連 一郎', { tags: ['VIP'] }],
      [vipOptedOut, '常連 二郎', { tags: ['VIP'], marketingOptOut: true }],
      [plain, '常連 三郎', {}],
      [vipBlocked, '常連 四郎', { tags: ['VIP'], status: 'blocked' }],
      [vipComplaining, '常連 五郎', { tags: ['VIP'] }],
    ];
    for (const [id, name, fields] of customers) {
      t.fake.addUser({ displayName: name }, id);
      await t.context.models.Customer.create({
        _id: id,
        lineUserId: id,
        status: 'following',
        displayName: name,
        followedAt: old,
        lastContactAt: old,
        ...fields,
      });
    }
    await t.context.models.ComplaintCase.create({
      customerId: vipComplaining,
      trigger: 'message',
      status: 'open',
      openedAt: old,
      history: [{ at: old, by: 'joren', action: 'opened' }],
    });
    t.fake.setQuota(1000, 100);
    await t.context.scheduler.runJob('line-quota');
  });
  afterAll(async () => {
    await t.stop();
  });

  const modal = () => t.slackFake.views.get(viewId)!;

  /** A staff member changes an input of the modal that dispatches actions (as Slack sends it). */
  async function change(action: Json, values: Json) {
    const stored = modal();
    const payload = {
      type: 'block_actions',
      user: { id: t.staff.userId, username: 'tanaka', name: 'tanaka', team_id: t.slackFake.teamId },
      api_app_id: 'A0JORENAPP',
      team: { id: t.slackFake.teamId, domain: 'joren-test' },
      container: { type: 'view', view_id: stored.id },
      trigger_id: t.slackFake.issueTriggerId(t.staff.userId),
      view: { ...stored.view, id: stored.id, hash: stored.hash, type: 'modal', state: { values } },
      actions: [{ ...action, action_ts: '1.0' }],
    };
    const result = await t.slack.postRaw(stringify({ payload: JSON.stringify(payload) }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await t.settleAll();
    return result;
  }

  async function submit(values: Json) {
    const stored = modal();
    const payload = {
      type: 'view_submission',
      team: { id: t.slackFake.teamId, domain: 'joren-test' },
      user: { id: t.staff.userId, username: 'tanaka', name: 'tanaka', team_id: t.slackFake.teamId },
      api_app_id: 'A0JORENAPP',
      trigger_id: t.slackFake.issueTriggerId(t.staff.userId),
      view: { ...stored.view, id: stored.id, hash: stored.hash, type: 'modal', state: { values } },
      response_urls: [],
    };
    const result = await t.slack.postRaw(stringify({ payload: JSON.stringify(payload) }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await t.settleAll();
    return result;
  }

  const select = (kind: string) => ({
    bc_segment: { 'bc:segment': { type: 'static_select', selected_option: { value: kind } } },
  });
  const typed = (block: string, action: string, value: string) => ({
    [block]: { [action]: { type: 'plain_text_input', value } },
  });

  it('opens the modal and fills in the count of recipients and the quota it uses', async () => {
    const answer = await t.command(t.staff, '/broadcast', '');
    expect(answer.text).toContain('一斉送信の画面を開きました');
    const opened = [...t.slackFake.views.values()].filter(
      (view) => view.type === 'modal' && view.view.callback_id === 'broadcast:compose',
    );
    expect(opened).toHaveLength(1);
    viewId = opened[0]!.id;
    const text = textOf(modal().view);
    // Four follow the shop; the opted-out one and the one with an open complaint are left out.
    expect(text).toContain('*送信対象: 2人*（条件に合う 4人のうち');
    expect(text).toContain('LINE の送信枠を 2通使います（今月の残り: 900）');
  });

  it('recounts when the segment or the tag changes', async () => {
    await change(
      {
        type: 'static_select',
        action_id: 'bc:segment',
        block_id: 'bc_segment',
        selected_option: { value: 'tag' },
      },
      select('tag'),
    );
    expect(textOf(modal().view)).toContain('タグを入れてください');
    expect(JSON.stringify(modal().view.blocks)).toContain('"block_id":"bc_tag"');
    await change(
      { type: 'plain_text_input', action_id: 'bc:tag', block_id: 'bc_tag', value: 'VIP' },
      { ...select('tag'), ...typed('bc_tag', 'bc:tag', 'VIP') },
    );
    const text = textOf(modal().view);
    expect(text).toContain('*送信対象: 1人*（条件に合う 3人のうち');
    expect(text).toContain('1通使います');
  });

  it('refuses a submission without a message or tag, and keeps the modal open', async () => {
    const noText = await submit({
      ...select('tag'),
      ...typed('bc_tag', 'bc:tag', 'VIP'),
      ...typed('bc_text', 'bc:text', '  '),
    });
    expect(noText.ack).toMatchObject({ response_action: 'errors', errors: { bc_text: expect.any(String) } });
    const noTag = await submit({ ...select('tag'), ...typed('bc_text', 'bc:text', 'こんにちは') });
    expect(noTag.ack).toMatchObject({
      response_action: 'errors',
      errors: { bc_tag: 'タグを入れてください。' },
    });
    expect(await t.context.models.SendLedger.countDocuments()).toBe(0);
  });

  it('schedules on submit: the customers of the segment receive it, opted-out, complaining and blocked ones do not', async () => {
    const message = '6月限定のトリートメントをご用意しました。ご来店をお待ちしております。';
    const values = {
      ...select('tag'),
      ...typed('bc_tag', 'bc:tag', 'VIP'),
      ...typed('bc_text', 'bc:text', message),
    };
    const submitted = await submit(values);
    expect(submitted.status).toBe(200);
    expect(submitted.ack).toBe('');
    await submit(values); // pressed twice: one broadcast
    const posted = t.slackFake.messages.filter(
      (m) => m.channel === t.staffChannel && /一斉送信を予約/.test(m.text ?? ''),
    );
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(posted[0]!.text).toContain('対象 1人');

    await travel(t, tokyo('2027-06-10', '11:01'));
    expect(t.fake.textsTo(vip)).toEqual([message]);
    for (const other of [vipOptedOut, plain, vipBlocked, vipComplaining])
      expect(t.fake.textsTo(other)).not.toContain(message);
  });

  it('answers /broadcast with arguments with usage help', async () => {
    const answer = await t.command(t.staff, '/broadcast', 'みなさんへ');
    expect(answer.text).toContain('使い方: `/broadcast`');
  });
});
