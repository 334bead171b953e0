import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { AdjustableClock } from '../../src/clock.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';

/** The fake must answer as Slack documents, or the bot's Slack tests prove nothing. */
describe('FakeSlackApi behaves like the Slack Web API', () => {
  const token = 'xoxb-fake-test-token';
  const clock = new AdjustableClock();
  let fake: FakeSlackApi;
  let web: webApi.WebClient;
  let channel: string;
  let user: string;
  beforeAll(async () => {
    fake = await FakeSlackApi.start({ botToken: token, now: () => clock.now() });
    web = new webApi.WebClient(token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
    });
    channel = fake.addChannel({ name: 'staff' });
    user = fake.addUser({ name: 'tanaka', realName: '田中 美咲', displayName: '田中', locale: 'ja-JP' });
  });
  afterAll(async () => {
    await fake.stop();
  });

  const call = async (method: string, args: Record<string, unknown>, bearer = token) => {
    const res = await fetch(`${fake.apiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(args),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('checks the bearer token (or a token argument), answering with HTTP 200 and ok:false', async () => {
    expect((await call('auth.test', {}, 'xoxb-wrong')).body).toEqual({ ok: false, error: 'invalid_auth' });
    const anonymous = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    const form = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(await form.json()).toMatchObject({ ok: true, team_id: fake.teamId, user_id: fake.botUserId });
  });

  it('posts, threads, updates, reacts and deletes as chat.* does, through the real Web API client', async () => {
    const posted = await web.chat.postMessage({
      channel,
      text: 'こんにちは',
      blocks: [section('*こんにちは*')],
    });
    const reply = await web.chat.postMessage({ channel, thread_ts: posted.ts!, text: '返信' });
    expect(fake.threadReplies(channel, posted.ts!).map((m) => m.text)).toEqual(['返信']);
    await web.chat.update({ channel, ts: posted.ts!, text: '更新', blocks: [section('更新')] });
    expect(fake.message(channel, posted.ts!)).toMatchObject({ text: '更新', edits: 1 });
    await web.reactions.add({ channel, timestamp: reply.ts!, name: 'white_check_mark' });
    await expect(
      web.reactions.add({ channel, timestamp: reply.ts!, name: 'white_check_mark' }),
    ).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
    await web.chat.delete({ channel, ts: reply.ts! });
    expect(fake.threadReplies(channel, posted.ts!)).toEqual([]);
    const human = fake.addHumanMessage({ channel, user, text: 'staff' });
    expect((await call('chat.update', { channel, ts: human.ts, text: 'x' })).body.error).toBe(
      'cant_update_message',
    );
  });

  it('refuses what Slack refuses: unknown channels, channels without the bot, empty and oversized messages, bad blocks', async () => {
    const outside = fake.addChannel({ name: 'private', isPrivate: true, botIsMember: false });
    expect((await call('chat.postMessage', { channel: 'C0NOPE', text: 'x' })).body.error).toBe(
      'channel_not_found',
    );
    expect((await call('chat.postMessage', { channel: outside, text: 'x' })).body.error).toBe(
      'not_in_channel',
    );
    expect((await call('chat.postMessage', { channel })).body.error).toBe('no_text');
    expect((await call('chat.postMessage', { channel, text: 'あ'.repeat(40_001) })).body.error).toBe(
      'msg_too_long',
    );
    const tooLong = await call('chat.postMessage', { channel, blocks: [section('あ'.repeat(3_001))] });
    expect(tooLong.body).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: [expect.stringContaining('3000')] },
    });
    expect(
      (await call('chat.postMessage', { channel, blocks: Array(51).fill(section('x')) })).body.error,
    ).toBe('invalid_blocks');
    const button = (id: string) => ({
      type: 'button',
      text: { type: 'plain_text', text: 'ok' },
      action_id: id,
      value: 'v',
    });
    const duplicate = { type: 'actions', elements: [button('a'), button('a')] };
    expect((await call('chat.postMessage', { channel, blocks: [duplicate] })).body.error).toBe(
      'invalid_blocks',
    );
    const markdownHeader = { type: 'header', text: { type: 'mrkdwn', text: 'x' } };
    expect((await call('chat.postMessage', { channel, blocks: [markdownHeader] })).body.error).toBe(
      'invalid_blocks',
    );
  });

  it('answers 429 with Retry-After when told to', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    const limited = await call('chat.postMessage', { channel, text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
    fake.rateLimitNext('users.info', 3);
    await expect(web.users.info({ user })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 3,
    });
    expect((await call('chat.postMessage', { channel, text: 'x' })).status).toBe(200);
  });

  it('opens a view once per trigger id, within three seconds; updates check the hash; App Home is per user', async () => {
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'テスト' }, blocks: [section('x')] };
    const trigger = fake.issueTriggerId(user);
    const opened = await web.views.open({ trigger_id: trigger, view: modal as never });
    expect(fake.modalsFor(user)).toHaveLength(1);
    await expect(web.views.open({ trigger_id: trigger, view: modal as never })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    const late = fake.issueTriggerId(user);
    clock.advance(3_500);
    expect((await call('views.open', { trigger_id: late, view: modal })).body.error).toBe(
      'expired_trigger_id',
    );
    expect((await call('views.open', { trigger_id: 'made-up', view: modal })).body.error).toBe(
      'invalid_trigger_id',
    );
    const longTitle = { ...modal, title: { type: 'plain_text', text: 'あ'.repeat(25) } };
    expect(
      (await call('views.open', { trigger_id: fake.issueTriggerId(user), view: longTitle })).body.error,
    ).toBe('invalid_arguments');
    expect(
      (await call('views.update', { view_id: opened.view!.id, hash: 'stale', view: modal })).body.error,
    ).toBe('hash_conflict');
    const home = { type: 'home', blocks: [section('ホーム')] };
    await web.views.publish({ user_id: user, view: home as never });
    await web.views.publish({ user_id: user, view: { ...home, blocks: [section('更新')] } as never });
    expect(fake.homeOf(user)?.view.blocks).toEqual([section('更新')]);
  });

  it('tells who users and channels are', async () => {
    const { user: found } = await web.users.info({ user, include_locale: true });
    expect(found).toMatchObject({
      id: user,
      real_name: '田中 美咲',
      locale: 'ja-JP',
      profile: { display_name: '田中' },
    });
    await expect(web.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
    expect((await web.conversations.info({ channel })).channel).toMatchObject({
      id: channel,
      is_member: true,
    });
  });

  it('takes files by the external upload flow (get URL, upload, complete)', async () => {
    const content = Buffer.from('date,customers\n2025-03,120\n');
    await web.filesUploadV2({
      channel_id: channel,
      file: content,
      filename: 'stats.csv',
      title: '月次',
      initial_comment: '今月の数字',
    });
    const [upload] = [...fake.uploads.values()];
    expect(upload).toMatchObject({
      filename: 'stats.csv',
      length: content.length,
      completed: true,
      title: '月次',
      channel,
    });
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(
      (await call('files.completeUploadExternal', { files: [{ id: 'F0NOTUPLOADED' }] })).body.error,
    ).toBe('file_not_found');
  });

  it('records what is sent to a response_url, five times at most', async () => {
    const { id, url } = fake.issueResponseUrl();
    for (let n = 1; n <= 5; n++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `#${n}` }),
      });
      expect(res.status).toBe(200);
    }
    const sixth = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"#6"}',
    });
    expect(sixth.status).toBe(404);
    expect(fake.responsesTo(id).map((r) => r.text)).toEqual(['#1', '#2', '#3', '#4', '#5']);
  });
});
