import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import type { FaultMode } from './support/fault-proxy.js';
import { DbView } from './support/db-view.js';
import { ChaosTally } from './support/report.js';
import { alive, startStage, STAFF_CHANNEL, waitFor, type Stage } from './support/stage.js';

/** LINE's sending endpoints (reply, push, multicast); profile and quota reads pass untouched. */
const sending = (req: IncomingMessage) => (req.url ?? '').startsWith('/v2/bot/message/');
const slackPost = (req: IncomingMessage) => (req.url ?? '').startsWith('/api/chat.postMessage');

/**
 * LINE and Slack failing in every way an HTTP API can fail, under the real bot process: the customer
 * still gets exactly one answer once LINE recovers, staff see each message once, nothing is parked,
 * and the bot stays up.
 */
describe('chaos: LINE and Slack API faults', () => {
  let stage: Stage;
  let db: DbView;
  const tally = new ChaosTally('platform-faults');

  beforeAll(async () => {
    stage = await startStage();
    db = await DbView.open(stage.db.uri());
  });
  afterAll(async () => {
    tally.save();
    await db.close();
    await stage.stop();
  });

  /** A new customer follows while LINE meets `fault`; they must be welcomed exactly once. */
  async function followThrough(name: string, arm: () => Promise<void> | void, heal?: () => Promise<void>) {
    const report = tally.of(`line-api:${name}`);
    const userId = stage.line.addUser({ displayName: `客 ${name}` });
    const faultsBefore = [...stage.lineProxy.faulted.values()].reduce((a, b) => a + b, 0);
    await arm();
    const follow = stage.webhooks.follow(userId);
    const res = await stage.webhooks.send(follow);
    tally.status(`line-api:${name}`, res.status, 200);
    await heal?.();
    const welcomed = async () =>
      stage.line.deliveries.some((d) => d.to === userId) &&
      (await db.unprocessed([follow.webhookEventId])).length === 0;
    await waitFor(`welcome after ${name}`, welcomed, 90_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a late duplicate would land by now
    const deliveries = stage.line.deliveries.filter((d) => d.to === userId);
    const status = (await db.inboxStatus([follow.webhookEventId])).get(follow.webhookEventId);
    if (deliveries.length === 0 || status !== 'done') report.lost += 1;
    report.sentTwice += Math.max(0, deliveries.length - 1);
    stage.lineProxy.heal();
    const faultsMet = [...stage.lineProxy.faulted.values()].reduce((a, b) => a + b, 0) - faultsBefore;
    report.tried += faultsMet;
    return { deliveries: deliveries.map((d) => d.via), status, alive: alive(stage), faultsMet };
  }

  const once = { deliveries: [expect.any(String)], status: 'done', alive: true };

  it.each<[string, FaultMode, number]>([
    ['429 without Retry-After', { kind: 'status', status: 429 }, 2],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: 1 }, 2],
    ['500', { kind: 'status', status: 500 }, 3],
    ['slow answers (3 s)', { kind: 'slow', delayMs: 3_000 }, 1],
    ['a timeout before the request lands', { kind: 'hang' }, 1],
    ['a timeout after the request landed', { kind: 'hang-after-forward' }, 1],
    ['malformed JSON after the request landed', { kind: 'malformed' }, 1],
  ])('LINE %s: the customer is welcomed once', async (name, mode, times) => {
    expect(await followThrough(name, () => stage.lineProxy.arm(mode, times, sending))).toEqual({
      ...once,
      faultsMet: times,
    });
  });

  it('LINE refusing connections for 3 s: the customer is welcomed once', async () => {
    const result = await followThrough(
      'connection refused',
      () => stage.lineProxy.refuse(),
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await stage.lineProxy.reopen();
      },
    );
    expect(result).toEqual({ ...once, faultsMet: 0 });
  });

  /**
   * A customer writes while Slack's chat.postMessage meets `arm`'s fault (healed by `heal`); staff must
   * see the message exactly once, and the event must be processed.
   */
  async function relayThrough(
    name: string,
    kind: string,
    arm: () => Promise<void> | void,
    heal?: () => Promise<void>,
  ) {
    const report = tally.of(`slack-api:${name}`);
    const userId = stage.line.addUser({ displayName: `客 slack ${name}` });
    await stage.webhooks.send(stage.webhooks.follow(userId));
    await waitFor('welcome', () => stage.line.deliveries.some((d) => d.to === userId));
    const faultsBefore = stage.slackProxy.faulted.get(kind) ?? 0;
    await arm();
    const words = `来週の土曜日は空いていますか？（${name}）`;
    const text = stage.webhooks.text(userId, words);
    tally.status(`slack-api:${name}`, (await stage.webhooks.send(text)).status, 200);
    await heal?.();
    const shown = () => stage.slack.messages.filter((m) => m.channel === STAFF_CHANNEL && m.text === words);
    await waitFor(
      'processed and shown',
      async () => shown().length > 0 && (await db.unprocessed([text.webhookEventId])).length === 0,
      120_000,
    ).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a late duplicate would land by now
    stage.slackProxy.heal();
    const relayed = shown();
    const faultsMet = (stage.slackProxy.faulted.get(kind) ?? 0) - faultsBefore;
    const status = (await db.inboxStatus([text.webhookEventId])).get(text.webhookEventId);
    report.tried += faultsMet;
    if (relayed.length === 0 || status !== 'done') report.lost += 1;
    report.sentTwice += Math.max(0, relayed.length - 1);
    return { faultsMet, relayed: relayed.length, status, alive: alive(stage) };
  }

  it.each<[string, FaultMode, number]>([
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: 1 }, 2],
    ['429 without Retry-After', { kind: 'status', status: 429 }, 2],
    ['500', { kind: 'status', status: 500 }, 2],
    ['slow answers (3 s)', { kind: 'slow', delayMs: 3_000 }, 1],
    ['a timeout', { kind: 'hang' }, 1],
    ['malformed JSON', { kind: 'malformed' }, 1],
  ])('Slack %s: staff see a customer message once', async (name, mode, times) => {
    expect(await relayThrough(name, mode.kind, () => stage.slackProxy.arm(mode, times, slackPost))).toEqual({
      faultsMet: times,
      relayed: 1,
      status: 'done',
      alive: true,
    });
  });

  it('Slack refusing connections for 5 s: staff see a customer message once', async () => {
    const result = await relayThrough(
      'connection refused',
      'refused',
      () => stage.slackProxy.refuse(),
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        await stage.slackProxy.reopen();
      },
    );
    expect(result).toEqual({ faultsMet: 0, relayed: 1, status: 'done', alive: true });
  });
});
