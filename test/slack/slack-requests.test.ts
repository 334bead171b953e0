import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { slackSignature } from '../../src/slack/signature.js';
import {
  startSlackTestApp,
  TEST_SLACK_SIGNING_SECRET,
  type SlackTestApp,
} from '../support/slack-test-app.js';

const customerId = `U${'c'.repeat(32)}`;

describe('POST /slack/events: only Slack, and only staff', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
    await t.context.models.Customer.create({
      _id: customerId,
      lineUserId: customerId,
      status: 'following',
      displayName: '秘密 花子',
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const commandBody = (user = t.staff.userId, team = t.slackFake.teamId) =>
    new URLSearchParams({
      team_id: team,
      user_id: user,
      command: '/customer',
      text: '秘密',
      response_url: t.slackFake.issueResponseUrl().url,
      trigger_id: t.slackFake.issueTriggerId(),
    }).toString();
  const form = 'application/x-www-form-urlencoded';
  const now = () => Math.floor(t.clock.now().getTime() / 1000);

  it('answers a correctly signed command', async () => {
    const res = await t.slack.postRaw(commandBody(), { contentType: form });
    expect(res.status).toBe(200);
    await t.settleAll();
  });

  it.each([
    ['no signature', { signature: null }, 401, 'SIGNATURE_MISSING'],
    ['no timestamp', { timestamp: null }, 401, 'SIGNATURE_MISSING'],
    [
      'a signature made with another secret',
      { signature: 'v0=' + 'ab'.repeat(32) },
      401,
      'SIGNATURE_INVALID',
    ],
    ['a signature of another version', { signature: 'v1=deadbeef' }, 401, 'SIGNATURE_INVALID'],
  ])('refuses a request with %s before any handler runs', async (_label, options, status, code) => {
    const res = await t.slack.postRaw(commandBody(), { contentType: form, ...options });
    expect(res.status).toBe(status);
    expect(res.ack).toMatchObject({ error: code });
  });

  it('refuses a body changed after signing', async () => {
    const timestamp = now();
    const signature = slackSignature(TEST_SLACK_SIGNING_SECRET, timestamp, commandBody());
    const res = await t.slack.postRaw(commandBody().replace('%E7%A7%98%E5%AF%86', 'x'), {
      contentType: form,
      timestamp,
      signature,
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['six minutes old (a replay)', -360],
    ['six minutes in the future', 360],
    ['not a number', Number.NaN],
  ])('refuses a correctly signed request whose timestamp is %s', async (_label, offset) => {
    const timestamp = Number.isNaN(offset) ? 'yesterday' : now() + offset;
    const res = await t.slack.postRaw(commandBody(), { contentType: form, timestamp });
    expect(res.status).toBe(401);
    expect(res.ack).toMatchObject({ error: 'REQUEST_STALE' });
  });

  it('accepts a timestamp four minutes off, inside the window', async () => {
    const res = await t.slack.postRaw(commandBody(), { contentType: form, timestamp: now() - 240 });
    expect(res.status).toBe(200);
    await t.settleAll();
  });

  it('answers 400 to a signed body that is not a Slack request, 413 to one too large', async () => {
    expect((await t.slack.postRaw('{not json', { contentType: 'application/json' })).status).toBe(400);
    expect((await t.slack.postRaw('"just a string"', { contentType: 'application/json' })).status).toBe(400);
    const huge = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(1_100_000) });
    expect((await t.slack.postRaw(huge, { contentType: 'application/json' })).status).toBe(413);
  });

  it("answers Slack's URL verification with the challenge", async () => {
    const res = await t.slack.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(res).toMatchObject({
      status: 200,
      ack: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
    });
  });

  it('refuses a member of another team politely, in both languages, showing no customer', async () => {
    const outsider = { userId: 'U0OUTSIDER', teamId: 'T0OTHERTEAM' };
    const answer = await t.command(outsider, '/customer', '秘密');
    expect(answer.visible).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.text).toMatch(/^申し訳ありません。Joren はお店のスタッフ専用です。/);
    expect(answer.text).toContain("Sorry, Joren is for the shop's staff only.");
    expect(answer.text).not.toContain('秘密');
    expect(answer.responses).toEqual([]);
  });

  it('refuses a button press from another team without doing anything', async () => {
    const outsider = { userId: 'U0OUTSIDER', teamId: 'T0OTHERTEAM' };
    const answer = await t.press(
      outsider,
      { actionId: `customer:show:${customerId}`, value: customerId },
      { channel: t.staffChannel, messageTs: '1.000001' },
    );
    expect(answer.text).toMatch(/^申し訳ありません。/);
    expect(answer.text).not.toContain('秘密');
  });

  it('with SLACK_ALLOWED_USER_IDS set, only those users are staff, even in the team', async () => {
    const strict = await startSlackTestApp({ slackEnv: { SLACK_ALLOWED_USER_IDS: 'U0ALLOWED1' } });
    try {
      await strict.context.models.Customer.create({
        _id: customerId,
        lineUserId: customerId,
        status: 'following',
        displayName: '秘密 花子',
      });
      const refused = await strict.command(strict.staff, '/customer', '秘密');
      expect(refused.text).toMatch(/^申し訳ありません。/);
      const allowed = strict.slackFake.addUser({ id: 'U0ALLOWED1', name: 'owner' });
      const answer = await strict.command({ userId: allowed }, '/customer', '秘密');
      expect(answer.text).toContain('秘密 花子');
    } finally {
      await strict.stop();
    }
  });

  it('with SLACK_ALLOWED_TEAM_IDS set, those teams are staff instead of the bot’s own', async () => {
    const other = await startSlackTestApp({ slackEnv: { SLACK_ALLOWED_TEAM_IDS: 'T0PARTNER1' } });
    try {
      other.slackFake.addUser({ id: 'U0PARTNER1', name: 'partner', teamId: 'T0PARTNER1' });
      const own = await other.command(other.staff, '/joren', 'help');
      expect(own.text).toMatch(/^申し訳ありません。/);
      const partner = await other.command({ userId: 'U0PARTNER1', teamId: 'T0PARTNER1' }, '/joren', 'help');
      expect(partner.text).toContain('Joren の使い方');
    } finally {
      await other.stop();
    }
  });

  it('answers a command Joren does not have (an older or newer manifest) politely instead of timing out', async () => {
    for (const command of ['/reserve', '/lapsed-old']) {
      const answer = await t.command(t.staff, command, '10');
      expect(answer.text).toBe(
        `${command} は Joren のコマンドではありません。使えるコマンドは \`/joren help\` で確認できます。`,
      );
    }
  });
});
