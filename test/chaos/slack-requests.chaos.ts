import { readFileSync } from 'node:fs';
import { stringify } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SlackRequestResult } from '../../src/sandbox/slack-api/slack-requests.js';
import { slackSignature } from '../../src/slack/signature.js';
import { FIELD as BROADCAST_FIELD } from '../../src/slack/broadcast/broadcast-view.js';
import { NEWSLETTER_PREVIEW } from '../../src/slack/voice/newsletter-modal.js';
import { TEMPLATE_PREVIEW, TEMPLATE_RESET } from '../../src/slack/voice/template-modal.js';
import { buttonHandlers } from '../../src/slack/buttons.js';
import { notStaffRefusal } from '../../src/slack/text/index.js';
import { ChaosTally } from './support/report.js';
import {
  alive,
  BOT_TOKEN,
  SIGNING_SECRET,
  STAFF_CHANNEL,
  startStage,
  waitFor,
  type Stage,
} from './support/stage.js';

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

/**
 * Every button action id the bot registers, read from the handlers themselves (a pattern such as
 * `^customer:show:` is pressed with the hostile value as its item), plus the modal actions.
 */
const MODAL_ACTIONS = [
  TEMPLATE_PREVIEW,
  TEMPLATE_RESET,
  NEWSLETTER_PREVIEW,
  BROADCAST_FIELD.segment.action,
  BROADCAST_FIELD.tag.action,
  BROADCAST_FIELD.days.action,
];
/** The action id pressed with `value`: the handler's own id, or its pattern's prefix and the value. */
function actionIdsFor(value: string): string[] {
  const ids = buttonHandlers.map(({ actionId }) =>
    typeof actionId === 'string'
      ? actionId
      : `${actionId.source.replace(/^\^/, '').replace(/:$/, '')}:${value}`,
  );
  return [...ids, ...MODAL_ACTIONS, 'unknown:action'];
}

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
      { timestamp: now - 330, signature: slackSignature(SIGNING_SECRET, String(now - 330), body) },
      { timestamp: now + 330, signature: slackSignature(SIGNING_SECRET, String(now + 330), body) },
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

  it('refuses guests (multi- and single-channel) on every command, every button of a customer card and a thread reply, showing nothing of the customer', async () => {
    // A customer whose name and words a guest must not see: their message is relayed with its card.
    const customerName = '山田 花子';
    const words = '来週の土曜日は空いていますか？（ゲスト確認）';
    const customer = stage.line.addUser({ displayName: customerName });
    await stage.webhooks.send(stage.webhooks.follow(customer));
    await waitFor('welcome', () => stage.line.deliveries.some((d) => d.to === customer));
    await stage.webhooks.send(stage.webhooks.text(customer, words));
    await waitFor('the message is relayed to staff', () =>
      stage.slack.messages.some((m) => m.channel === STAFF_CHANNEL && m.text === words),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the card's buttons are posted too
    const relayed = stage.slack.messages.find((m) => m.channel === STAFF_CHANNEL && m.text === words)!;
    /** Every button in the bot's staff-channel messages (the customer's card, the relay). */
    const buttons: { actionId: string; value?: string; messageTs: string }[] = [];
    const collect = (node: unknown, messageTs: string): void => {
      if (Array.isArray(node)) for (const item of node) collect(item, messageTs);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.type === 'button' && typeof record.action_id === 'string') {
          buttons.push({
            actionId: record.action_id,
            ...(typeof record.value === 'string' ? { value: record.value } : {}),
            messageTs,
          });
        }
        for (const value of Object.values(record)) collect(value, messageTs);
      }
    };
    for (const m of stage.slack.messages.filter((m) => m.channel === STAFF_CHANNEL && m.blocks))
      collect(m.blocks, m.ts);
    expect(buttons.length).toBeGreaterThan(0);
    // And every action the bot registers, pressed with the customer's id (what a forged press would carry).
    for (const actionId of actionIdsFor(customer))
      buttons.push({ actionId, value: customer, messageTs: relayed.ts });

    const guests = [
      stage.slack.addUser({ name: 'guest-multi', isRestricted: true }),
      stage.slack.addUser({ name: 'guest-single', isRestricted: true, isUltraRestricted: true }),
    ];
    const report = tally.of('slack:guest');
    const linesToCustomer = stage.line.deliveries.filter((d) => d.to === customer).length;
    const callsBefore = stage.slack.calls.length;
    const responsesBefore = stage.slack.responses.length;
    const wrong: unknown[] = [];
    const refused = (answer: unknown) =>
      answer !== null &&
      typeof answer === 'object' &&
      (answer as { text?: unknown }).text === notStaffRefusal;
    for (const guest of guests) {
      for (const command of COMMANDS) {
        const res = await stage.slackRequests.command({ userId: guest }, command, '山田', STAFF_CHANNEL);
        report.tried += 1;
        if (res.status === 200 && refused(res.ack)) report.rejected += 1;
        else {
          report.wrongStatus += 1;
          wrong.push({ command, status: res.status, ack: res.ack });
        }
      }
      for (const button of buttons) {
        const res = await stage.slackRequests.blockAction(
          { userId: guest },
          { actionId: button.actionId, ...(button.value !== undefined ? { value: button.value } : {}) },
          { channel: STAFF_CHANNEL, messageTs: button.messageTs },
        );
        report.tried += 1;
        await waitFor(
          'the refusal',
          () => stage.slack.responsesTo(res.responseUrlId!).length > 0,
          5_000,
        ).catch(() => undefined);
        const answers = stage.slack.responsesTo(res.responseUrlId!);
        if (res.status === 200 && answers.length === 1 && refused(answers[0])) report.rejected += 1;
        else {
          report.wrongStatus += 1;
          wrong.push({ button: button.actionId, status: res.status, answers });
        }
      }
      // A reply in the customer's thread would go to the customer on LINE if staff wrote it.
      const reply = await stage.slackRequests.threadReply(
        { userId: guest },
        STAFF_CHANNEL,
        relayed.threadTs ?? relayed.ts,
        'ゲストからの返信です',
      );
      report.tried += 1;
      if (reply.status === 200) report.rejected += 1;
      else report.wrongStatus += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything late would be posted by now
    const calls = stage.slack.calls.slice(callsBefore);
    const responses = stage.slack.responses.slice(responsesBefore);
    const seen = JSON.stringify([calls.map((c) => c.args), responses]);
    const leaks = [customerName, '山田', words].filter((secret) => seen.includes(secret));
    const methods = [...new Set(calls.map((c) => c.method))].sort();
    const ephemerals = calls.filter((c) => c.method === 'chat.postEphemeral');
    const usersInfo = guests.map(
      (guest) => calls.filter((c) => c.method === 'users.info' && c.args.user === guest).length,
    );
    if (leaks.length > 0) report.wrongStatus += 1;
    if (stage.line.deliveries.filter((d) => d.to === customer).length !== linesToCustomer)
      report.sentTwice += 1;
    console.log(JSON.stringify({ guests: { requests: report.tried, methods, usersInfo } }));
    expect({
      wrong,
      leaks,
      // Only users.info (once per guest: the answer is cached) and the thread reply's ephemeral refusal.
      methods: methods.filter((m) => m !== 'users.info' && m !== 'chat.postEphemeral'),
      usersInfoAtMostOnce: usersInfo.every((n) => n <= 1),
      ephemerals: ephemerals.map((c) => [c.args.user, c.args.text]),
      sentToCustomer: stage.line.deliveries.filter((d) => d.to === customer).length - linesToCustomer,
    }).toEqual({
      wrong: [],
      leaks: [],
      methods: [],
      usersInfoAtMostOnce: true,
      ephemerals: guests.map((guest) => [guest, notStaffRefusal]),
      sentToCustomer: 0,
    });
    expect(alive(stage)).toBe(true);
  });

  it('survives injection attempts in every command argument and every button value, acking within 3 s', async () => {
    /** Every request not answered 200 within 3 s: what was sent and what came back. */
    const failures: { request: string; value: string; status: number; ms: number; ack: unknown }[] = [];
    const check = async (request: string, value: string, send: () => Promise<SlackRequestResult>) => {
      const started = Date.now();
      const res = await send();
      const ms = Date.now() - started;
      tally.status('slack:injection', res.status, 200);
      if (res.status !== 200 || ms > 3_000)
        failures.push({ request, value, status: res.status, ms, ack: res.ack });
    };
    // The hostile values of one command or button go together (as a busy shop's staff would send
    // them); commands and buttons one after another.
    for (const command of COMMANDS) {
      await Promise.all(
        HOSTILE.map((text) =>
          check(command, text, () =>
            stage.slackRequests.command({ userId: stage.staffUserId }, command, text, STAFF_CHANNEL),
          ),
        ),
      );
    }
    // Buttons live in the bot's own messages (a card, a check-in notice), which it may update.
    const posted = await fetch(`${stage.slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: STAFF_CHANNEL, text: 'card' }),
    });
    const parent = (await posted.json()) as { ts: string };
    for (const value of HOSTILE) {
      const ids = actionIdsFor(value);
      // A few presses at a time: busy staff, not a load test (that is the next case).
      for (let i = 0; i < ids.length; i += 4) {
        await Promise.all(
          ids
            .slice(i, i + 4)
            .map((actionId) =>
              check(actionId, value, () =>
                stage.slackRequests.blockAction(
                  { userId: stage.staffUserId },
                  { actionId, value },
                  { channel: STAFF_CHANNEL, messageTs: parent.ts },
                ),
              ),
            ),
        );
      }
    }
    if (failures.length > 0) console.log(JSON.stringify({ injectionFailures: failures }));
    expect(failures).toEqual([]);
    expect(alive(stage)).toBe(true);
    // Nothing was read as an operator: no request failed inside the bot.
    expect(
      stage.bot.logs.filter((l) => l.msg === 'request failed' || l.level === 'error' || l.level === 50),
    ).toEqual([]);
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
    const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
    console.log(JSON.stringify({ fiftyCommands: { medianMs: sorted[25], slowestMs: slowest } }));
    expect({ statuses: results.filter((r) => r.status !== 200), slowestUnder3s: slowest < 3_000 }).toEqual({
      statuses: [],
      slowestUnder3s: true,
    });
    expect(alive(stage)).toBe(true);
  });
});
