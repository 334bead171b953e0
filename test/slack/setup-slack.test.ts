import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkSlackSetup, manifestBotScopes } from '../../src/slack/setup-slack.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';

const TOKEN = 'xoxb-setup-test-token';
const manifestScopes = manifestBotScopes(
  readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'),
);

describe('npm run setup:slack against the fake Slack', () => {
  let fake: FakeSlackApi;
  let staffChannel: string;
  let hiddenChannel: string;
  beforeAll(async () => {
    fake = await FakeSlackApi.start({ botToken: TOKEN, scopes: manifestScopes });
    staffChannel = fake.addChannel({ name: 'joren-staff', isPrivate: true });
    hiddenChannel = fake.addChannel({ name: 'front-desk', botIsMember: false, isPrivate: true });
  });
  afterAll(async () => {
    await fake.stop();
  });

  const check = (options: { token?: string; channel?: string } = {}) => {
    const said: string[] = [];
    return checkSlackSetup({
      botToken: options.token ?? TOKEN,
      apiUrl: fake.apiUrl,
      staffChannel: options.channel ?? staffChannel,
      requiredScopes: manifestScopes,
      say: (line) => said.push(line),
    }).then((report) => ({ report, said }));
  };

  it('reads the bot scopes of manifest.yml', () => {
    expect(manifestScopes).toEqual([
      'commands',
      'chat:write',
      'channels:history',
      'groups:history',
      'channels:read',
      'groups:read',
      'users:read',
      'reactions:write',
      'files:write',
      'im:write',
    ]);
  });

  it('says Slack is ready when the token, the scopes and the channel are right', async () => {
    const { report, said } = await check();
    expect(report).toEqual({ ok: true, team: fake.teamName, missingScopes: [], problems: [] });
    expect(said.at(-1)).toBe('Slack is ready for Joren.');
    expect(said).toContain('✓ Staff channel: #joren-staff, and the bot is a member');
    expect(fake.callsTo('auth.test')).not.toHaveLength(0);
  });

  it('names the missing scopes and how to add them', async () => {
    fake.scopes = manifestScopes.filter((s) => s !== 'reactions:write' && s !== 'users:read');
    try {
      const { report, said } = await check();
      expect(report.ok).toBe(false);
      expect(report.missingScopes).toEqual(['users:read', 'reactions:write']);
      expect(said.join('\n')).toMatch(
        /lacks these bot scopes: users:read, reactions:write: .*Reinstall to Workspace/,
      );
    } finally {
      fake.scopes = manifestScopes;
    }
  });

  it('says when the bot is not in the channel, the channel does not exist, or the token is wrong', async () => {
    const notMember = await check({ channel: hiddenChannel });
    expect(notMember.report.problems).toEqual([
      'The bot is not a member of #front-desk: open #front-desk in Slack and type /invite @Joren.',
    ]);
    const unknown = await check({ channel: 'C0NOSUCH' });
    expect(unknown.report.problems[0]).toMatch(
      /C0NOSUCH was not found: set SLACK_STAFF_CHANNEL to the channel ID/,
    );
    const wrongToken = await check({ token: 'xoxb-wrong' });
    expect(wrongToken.report).toMatchObject({ ok: false });
    expect(wrongToken.report.problems[0]).toMatch(/^The bot token does not work \(invalid_auth\)/);
  });

  it.each([
    ['public', { isPrivate: false }, /it is public: every member of the workspace can read it/],
    ['shared with another workspace', { isPrivate: true, isShared: true }, /shared with another workspace/],
    ['shared by Slack Connect', { isPrivate: true, isExtShared: true }, /another company \(Slack Connect\)/],
  ])(
    'warns when the staff channel is %s: customers’ messages are exposed',
    async (_label, visibility, why) => {
      const exposed = fake.addChannel({ name: 'everyone', ...visibility });
      const { report, said } = await check({ channel: exposed });
      expect(report.ok).toBe(false);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatch(/^The staff channel #everyone exposes customers' messages/);
      expect(report.problems[0]).toMatch(why);
      expect(report.problems[0]).toContain('Change to a private channel');
      expect(said.join('\n')).not.toContain('Staff channel is private');
    },
  );
});
