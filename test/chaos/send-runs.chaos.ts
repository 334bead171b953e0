import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { BROADCAST_VIEW, FIELD } from '../../src/slack/broadcast/broadcast-view.js';
import type { FaultMode } from './support/fault-proxy.js';
import { DbView } from './support/db-view.js';
import { ChaosTally } from './support/report.js';
import { alive, STAFF_CHANNEL, startStage, waitFor, type Stage } from './support/stage.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The run's audience: as many customers as a small shop's newsletter list. */
const CUSTOMERS = 200;
const multicast = (req: IncomingMessage) => (req.url ?? '').startsWith('/v2/bot/message/multicast');

/**
 * A staff broadcast to 200 customers (scheduled from Slack's `/broadcast` modal, sent by the
 * scheduler's broadcast job as a multicast with the batch's X-Line-Retry-Key) while the bot is killed
 * mid-run: LINE slowed or silent, SIGKILL (or SIGTERM) while the send is in flight, a restart, and the
 * run left to finish. Every customer must get the broadcast exactly once: counted per customer and per
 * retry key at the fake LINE, and the run's open batches must be closed.
 */
describe('chaos: SIGKILL and SIGTERM in the middle of a send run', () => {
  let stage: Stage;
  let db: DbView;
  const tally = new ChaosTally('send-runs');
  const customers: string[] = [];

  beforeAll(async () => {
    // Several broadcasts reach the same customers here, one per case: the marketing cap allows them.
    stage = await startStage({ MARKETING_FREQUENCY_CAP: '20/1d' });
    db = await DbView.open(stage.db.uri());
    // The customers follow (twenty events a webhook, as LINE batches them) and are welcomed.
    for (let i = 0; i < CUSTOMERS; i += 20) {
      const ids = Array.from({ length: 20 }, (_, n) => stage.line.addUser({ displayName: `常連 ${i + n}` }));
      customers.push(...ids);
      const res = await stage.webhooks.send(...ids.map((id) => stage.webhooks.follow(id)));
      expect(res.status).toBe(200);
    }
    await waitFor(
      'every customer welcomed',
      () => new Set(stage.line.deliveries.map((d) => d.to)).size >= CUSTOMERS,
      120_000,
    );
  }, 240_000);
  afterAll(async () => {
    tally.save();
    await db.close();
    await stage.stop();
  });

  /** Staff schedule a broadcast to everyone from Slack's `/broadcast` modal; its run key. */
  async function broadcastFromSlack(text: string): Promise<string> {
    const staff = { userId: stage.staffUserId };
    const before = new Set(stage.slack.views.keys());
    const opened = await stage.slackRequests.command(staff, '/broadcast', '', STAFF_CHANNEL);
    expect(opened.status).toBe(200);
    let viewId = '';
    await waitFor('the broadcast modal opens', () => {
      const view = [...stage.slack.views.values()].find(
        (v) => !before.has(v.id) && v.view.callback_id === BROADCAST_VIEW,
      );
      viewId = view?.id ?? '';
      return viewId !== '';
    });
    const metadata = JSON.parse(String(stage.slack.views.get(viewId)!.view.private_metadata)) as {
      broadcastId: string;
    };
    const submitted = await stage.slackRequests.viewSubmission(
      staff,
      { viewId },
      { [FIELD.text.block]: { [FIELD.text.action]: text } },
    );
    expect(submitted.status).toBe(200);
    return `broadcast:${metadata.broadcastId}`;
  }

  /**
   * Broadcasts `text` while `fault` slows or silences LINE's multicast, stops the bot with `signal`
   * once the send is in flight, restarts it and waits for the run to finish; counts into `cls`.
   */
  async function interruptedRun(cls: string, text: string, fault: FaultMode, signal: NodeJS.Signals) {
    const faultsBefore = stage.lineProxy.faulted.get(fault.kind) ?? 0;
    const requestsBefore = stage.line.requests.length;
    stage.lineProxy.arm(fault, 1, multicast);
    const runKey = await broadcastFromSlack(text);
    await waitFor(
      'the multicast is in flight',
      () => (stage.lineProxy.faulted.get(fault.kind) ?? 0) > faultsBefore,
      120_000,
    );
    await sleep(300);
    const killedBot = stage.bot;
    const landedBeforeStop = stage.line.deliveries.filter((d) => d.messages[0]?.text === text).length;
    killedBot.child.kill(signal);
    const exitCode = await killedBot.exit;
    stage.lineProxy.heal();
    await stage.restartBot();
    const received = () =>
      customers.map(
        (id) => stage.line.deliveries.filter((d) => d.to === id && d.messages[0]?.text === text).length,
      );
    const finished = async () => received().every((n) => n >= 1) && (await db.openBatches(runKey)) === 0;
    const started = Date.now();
    // Not finished in time: what the job, the batches and the bot's warnings say, then the assertions fail.
    await waitFor('the run finishes after the restart', finished, 240_000).catch(async (error: unknown) => {
      const broadcastId = runKey.slice('broadcast:'.length);
      console.log(
        JSON.stringify({
          unfinished: String(error),
          jobs: await db.jobsOf('broadcast', broadcastId),
          reached: received().filter((n) => n >= 1).length,
          openBatches: await db.openBatches(runKey),
          logs: stage
            .allLogs()
            .filter((l) => Number(l.level) >= 40 || /job|lock|broadcast/i.test(String(l.msg))),
        }),
      );
    });
    // From the restart: the run's Agenda lock, which the killed process no longer renews, lapses
    // (JOB_LOCK_MS) and Agenda's next look gives the job to the new process.
    const finishMs = Date.now() - started;
    await sleep(2_000); // a late duplicate would land by now
    const counts = received();
    const deliveries = stage.line.deliveries.filter((d) => d.messages[0]?.text === text);
    const perKey = new Map<string, number>();
    for (const d of deliveries) {
      const key = `${d.retryKey ?? 'none'}:${d.to}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    const requests = stage.line.requests
      .slice(requestsBefore)
      .filter((r) => r.path.startsWith('/v2/bot/message/multicast'));
    const report = tally.of(cls);
    report.tried += customers.length;
    report.accepted += counts.filter((n) => n >= 1).length;
    report.lost += counts.filter((n) => n === 0).length;
    report.sentTwice += counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const result = {
      signal,
      exitCode,
      landedBeforeStop,
      finishMs,
      notReached: counts.filter((n) => n === 0).length,
      reachedTwice: counts.filter((n) => n > 1).length,
      retryKeys: new Set(deliveries.map((d) => d.retryKey)).size,
      keyUsedTwiceForOne: [...perKey.values()].filter((n) => n > 1).length,
      multicastStatuses: requests.map((r) => r.status),
      openBatches: await db.openBatches(runKey),
      ledger: await db.ledgerEntries(runKey),
    };
    console.log(JSON.stringify({ [cls]: result }));
    return result;
  }

  const everyoneOnce = {
    notReached: 0,
    reachedTwice: 0,
    keyUsedTwiceForOne: 0,
    openBatches: 0,
    ledger: CUSTOMERS,
  };

  it('SIGKILL after LINE took the multicast, before its answer: after a restart everyone has it once', async () => {
    const result = await interruptedRun(
      'sigkill-send-run',
      '今月のお知らせ：新メニューが始まりました。ご来店をお待ちしております。',
      { kind: 'slow', delayMs: 60_000 },
      'SIGKILL',
    );
    expect(result.landedBeforeStop).toBe(CUSTOMERS); // the kill came after LINE had delivered
    expect(result).toMatchObject(everyoneOnce);
    expect(alive(stage)).toBe(true);
  }, 420_000);

  it('SIGKILL while LINE has not answered nor taken the multicast: after a restart everyone has it once', async () => {
    const result = await interruptedRun(
      'sigkill-send-run',
      '週末限定のご案内です。皆さまのお越しを心よりお待ちしております。',
      { kind: 'hang' },
      'SIGKILL',
    );
    expect(result.landedBeforeStop).toBe(0);
    expect(result).toMatchObject(everyoneOnce);
    expect(alive(stage)).toBe(true);
  }, 420_000);

  it('SIGTERM while the multicast is in flight: a clean exit, and after a restart everyone has it once', async () => {
    const result = await interruptedRun(
      'sigterm-send-run',
      '季節のおすすめをご用意しました。どうぞお気軽にお立ち寄りください。',
      { kind: 'slow', delayMs: 4_000 },
      'SIGTERM',
    );
    expect(result.exitCode).toBe(0);
    expect(result).toMatchObject(everyoneOnce);
    expect(alive(stage)).toBe(true);
  }, 420_000);
});
