import { readFileSync } from 'node:fs';
import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { slackSignature } from '../../src/slack/signature.js';
import { ChaosTally } from './support/report.js';
import { alive, SIGNING_SECRET, STAFF_CHANNEL, startStage, type Stage } from './support/stage.js';

/** Operator-injection and regex attempts put into every command argument and button value. */
const HOSTILE = [
  '{"$gt":""}',
  '$where',
  'this.a == this.a || sleep(100)',
  '.*',
  '(a+)+$',
  `${'a'.repeat(40)}!`,
  '{"$ne":null}',
];

/** Slash commands from the Slack app manifest, so a new command is covered without editing this file. */
const COMMANDS = [...readFileSync('manifest.yml', 'utf8').matchAll(/- command: (\/[a-z-]+)/g)].map(
  (m) => m[1]!,
);

/** Button action ids as the code names them ('area:verb' in src/slack). */
const ACTIONS = [
  ...new Set([
    'customer:profile',
    'customer:show',
    'customer:tags',
    'customer:complaint',
    'customer:mourning',
    'case:take',
    'case:step',
    'case:resolve',
    'checkin:undo',
    'checkin:qr',
    'forget:pick',
    'forget:confirm',
    'forget:cancel',
    'lapsed:check-in',
    'lapsed:contacted',
    'lapsed:snooze',
    'lapsed:next',
    'lapsed:pages',
    'link:issue',
    'phone:link',
    'phone:reject',
    'task:done',
    'task:skip',
    'visit:pick',
    'voice:edit',
    'voice:template',
    'voice:template-reset',
    'broadcast:compose',
  ]),
];

/**
 * Hostile Slack requests against the real bot process: signatures, timestamps, people who are not
 * staff, injection attempts in every command and button, and fifty commands at once within Slack's
 * three-second deadline.
 */
describe('chaos: Slack requests', () => {
  let stage: Stage;
  const tally = new ChaosTally('slack');

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    tally.save();
    await stage.stop();
  });

  const commandBody = (userId: string, command: string, text: string, teamId = stage.slack.teamId) =>
    stringify({
      team_id: teamId,
      channel_id: STAFF_CHANNEL,
      user_id: userId,
      user_name: 'x',
      command,
      text,
      api_app_id: 'A0JORENAPP',
      response_url: stage.slack.issueResponseUrl().url,
      trigger_id: stage.slack.issueTriggerId(userId),
    });

  it('refuses bad signatures and stale or future timestamps with 401', async () => {
    const body = commandBody(stage.staffUserId, '/joren', 'help');
    const now = Math.floor(Date.now() / 1000);
    const form = 'application/x-www-form-urlencoded';
    const cases = [
      { signature: null },
      { signature: 'v0=0000' },
      { signature: slackSignature('another-secret', String(now), body) },
      { timestamp: now - 301, signature: slackSignature(SIGNING_SECRET, String(now - 301), body) },
      { timestamp: now + 301, signature: slackSignature(SIGNING_SECRET, String(now + 301), body) },
      { timestamp: null },
    ];
    const statuses = [];
    for (const options of cases) {
      const { status } = await stage.slackRequests.postRaw(body, { contentType: form, ...options });
      tally.status('slack:signature', status, 401);
      statuses.push(status);
    }
    expect(statuses).toEqual(cases.map(() => 401));
    expect(alive(stage)).toBe(true);
  });

  it('tells people outside the staff team that they are not staff, and does not run the command', async () => {
    const outsider = stage.slack.addUser({ name: 'outsider', teamId: 'T0OTHERTEAM' });
    const before = stage.slack.calls.length;
    for (const command of COMMANDS) {
      const res = await stage.slackRequests.postRaw(commandBody(outsider, command, '', 'T0OTHERTEAM'), {
        contentType: 'application/x-www-form-urlencoded',
      });
      tally.status('slack:outsider', res.status, 200);
      expect([command, res.status]).toEqual([command, 200]);
    }
    // No view opened, nothing posted for them.
    expect(
      stage.slack.calls
        .slice(before)
        .filter((c) => c.method === 'views.open' || c.method === 'chat.postMessage'),
    ).toEqual([]);
  });

  it('survives injection attempts in every command argument and every button value, acking within 3 s', async () => {
    const slow: string[] = [];
    for (const command of COMMANDS) {
      for (const text of HOSTILE) {
        const started = Date.now();
        const res = await stage.slackRequests.command(
          { userId: stage.staffUserId },
          command,
          text,
          STAFF_CHANNEL,
        );
        if (Date.now() - started > 3_000) slow.push(`${command} ${text}`);
        tally.status('slack:injection', res.status, 200);
      }
    }
    const parent = stage.slack.addHumanMessage({
      channel: STAFF_CHANNEL,
      user: stage.staffUserId,
      text: 'card',
    });
    for (const actionId of ACTIONS) {
      for (const value of HOSTILE) {
        const started = Date.now();
        const res = await stage.slackRequests.blockAction(
          { userId: stage.staffUserId },
          { actionId, value },
          { channel: STAFF_CHANNEL, messageTs: parent.ts },
        );
        if (Date.now() - started > 3_000) slow.push(`${actionId} ${value}`);
        tally.status('slack:injection', res.status, 200);
      }
    }
    expect(slow).toEqual([]);
    expect(alive(stage)).toBe(true);
    // Nothing was read as an operator: no error-level log line, no request failed.
    expect(stage.bot.logs.filter((l) => l.msg === 'request failed')).toEqual([]);
  });

  it('acks fifty commands arriving at once within Slack’s 3-second deadline', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const started = Date.now();
        const res = await stage.slackRequests.command(
          { userId: stage.staffUserId },
          COMMANDS[i % COMMANDS.length]!,
          i % 2 ? 'help' : '',
          STAFF_CHANNEL,
        );
        tally.status('slack:deadline', res.status, 200);
        return { status: res.status, ms: Date.now() - started };
      }),
    );
    const slowest = Math.max(...results.map((r) => r.ms));
    expect({ statuses: results.filter((r) => r.status !== 200), slowestUnder3s: slowest < 3_000 }).toEqual({
      statuses: [],
      slowestUnder3s: true,
    });
    expect(alive(stage)).toBe(true);
  });
});
