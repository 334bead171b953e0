import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SlackUserCache } from '../../src/slack/slack-users.js';
import type { SlackWebClient } from '../../src/slack/web-client.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const customerId = `U${'d'.repeat(32)}`;

describe('Slack guests are never staff', () => {
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

  const usersInfoCalls = (userId: string) =>
    t.slackFake.calls.filter((call) => call.method === 'users.info' && call.args.user === userId).length;
  const showCard = (userId: string) =>
    t.press(
      { userId },
      { actionId: `customer:show:${customerId}`, value: customerId },
      { channel: t.staffChannel, messageTs: '1.000001' },
    );

  it.each([
    ['a multi-channel guest (is_restricted)', { isRestricted: true }],
    ['a single-channel guest (is_ultra_restricted)', { isUltraRestricted: true }],
    ['a deactivated member', { deleted: true }],
  ])('refuses %s of the shop’s own team: command and button', async (_label, kind) => {
    const guest = t.slackFake.addUser({ name: 'guest', ...kind });
    const command = await t.command({ userId: guest }, '/customer', '秘密');
    expect(command.text).toMatch(/^申し訳ありません。Joren はお店のスタッフ専用です。/);
    expect(command.text).not.toContain('秘密 花子');
    const press = await showCard(guest);
    expect(press.text).toMatch(/^申し訳ありません。/);
    expect(press.text).not.toContain('秘密 花子');
  });

  it('refuses a guest even when SLACK_ALLOWED_USER_IDS names them', async () => {
    const strict = await startSlackTestApp({ slackEnv: { SLACK_ALLOWED_USER_IDS: 'U0GUESTLISTED' } });
    try {
      strict.slackFake.addUser({ id: 'U0GUESTLISTED', name: 'listed-guest', isRestricted: true });
      const answer = await strict.command({ userId: 'U0GUESTLISTED' }, '/joren', 'help');
      expect(answer.text).toMatch(/^申し訳ありません。/);
    } finally {
      await strict.stop();
    }
  });

  it('asks Slack once for many clicks of one staff member', async () => {
    const member = t.slackFake.addUser({ name: 'sato', realName: '佐藤 健' });
    for (let i = 0; i < 12; i++) {
      const press = await showCard(member);
      expect(press.text).toContain('秘密 花子');
    }
    await t.command({ userId: member }, '/customer', '秘密');
    expect(usersInfoCalls(member)).toBe(1);
  });

  it('asks again after user_change: a member made a guest is refused from then on', async () => {
    const member = t.slackFake.addUser({ name: 'suzuki' });
    expect((await showCard(member)).text).toContain('秘密 花子');
    t.slackFake.users.get(member)!.isRestricted = true;
    // Still cached: Slack's event is what tells Joren.
    expect((await showCard(member)).text).toContain('秘密 花子');
    await t.slack.event({ type: 'user_change', user: { id: member, is_restricted: true } });
    await t.settleAll();
    expect((await showCard(member)).text).toMatch(/^申し訳ありません。/);
    expect(usersInfoCalls(member)).toBe(2);
  });

  it('refuses (fails closed) while users.info cannot answer, and lets the member in once it can', async () => {
    const member = t.slackFake.addUser({ name: 'ito' });
    t.slackFake.failNext('users.info', 'internal_error');
    expect((await showCard(member)).text).toMatch(/^申し訳ありません。/);
    expect((await showCard(member)).text).toContain('秘密 花子');
  });
});

describe('SlackUserCache', () => {
  const fakeWeb = (calls: string[]) =>
    ({
      users: {
        info: ({ user }: { user: string }) => {
          calls.push(user);
          return Promise.resolve({ ok: true, user: { id: user, team_id: 'T1', name: user } });
        },
      },
    }) as unknown as SlackWebClient;

  it('keeps at most maxUsers, dropping the least recently asked', async () => {
    const calls: string[] = [];
    const cache = new SlackUserCache({ web: fakeWeb(calls), now: () => new Date(0), maxUsers: 3 });
    for (const id of ['U1', 'U2', 'U3']) await cache.get(id);
    await cache.get('U1');
    await cache.get('U4');
    expect(cache.size).toBe(3);
    await cache.get('U1');
    await cache.get('U2');
    expect(calls).toEqual(['U1', 'U2', 'U3', 'U4', 'U2']);
  });

  it('asks again after the TTL, and one call serves concurrent asks', async () => {
    const calls: string[] = [];
    let now = 0;
    const cache = new SlackUserCache({ web: fakeWeb(calls), now: () => new Date(now), ttlMs: 1_000 });
    await Promise.all([cache.get('U1'), cache.get('U1'), cache.get('U1')]);
    now = 999;
    await cache.get('U1');
    now = 1_000;
    await cache.get('U1');
    expect(calls).toEqual(['U1', 'U1']);
  });
});
