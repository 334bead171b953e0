import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DbView } from './support/db-view.js';
import { ChaosTally } from './support/report.js';
import { alive, startStage, waitFor, type Stage } from './support/stage.js';
import type { WebhookEventJson } from '../support/line-webhook.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Sent {
  userId: string;
  event: WebhookEventJson;
  /** HTTP status, or 0 when the connection failed (refused, reset). */
  status: number;
}

/**
 * The process and its database failing under the real bot: the database stopped for 10 s while
 * webhooks arrive, SIGKILL while events are being processed, SIGTERM under load. LINE redelivers
 * what was not answered 200; nothing accepted may be lost and no customer may be welcomed twice.
 */
describe('chaos: database outage, SIGKILL and SIGTERM', () => {
  let stage: Stage;
  let db: DbView;
  const tally = new ChaosTally('process-faults');

  beforeAll(async () => {
    stage = await startStage();
    db = await DbView.open(stage.db.uri());
  });
  afterAll(async () => {
    tally.save();
    await db.close();
    await stage.stop();
  });

  /** A new customer follows; the request's outcome is kept. */
  async function follow(): Promise<Sent> {
    const userId = stage.line.addUser({ displayName: '常連候補' });
    const event = stage.webhooks.follow(userId);
    const status = await stage.webhooks
      .send(event)
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      })
      .catch(() => 0);
    return { userId, event, status };
  }

  /** Follows every `everyMs` while `during` runs. */
  async function followsDuring(everyMs: number, during: () => Promise<void>): Promise<Sent[]> {
    const sent: Promise<Sent>[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        sent.push(follow());
        await sleep(everyMs);
      }
    })();
    await during();
    running = false;
    await loop;
    return Promise.all(sent);
  }

  /**
   * Counts outcomes for `cls`, redelivers what was not accepted (as LINE does with a 5xx or no answer),
   * then checks that every event was processed and every customer welcomed exactly once.
   */
  async function settle(cls: string, sent: Sent[]) {
    const report = tally.of(cls);
    for (const s of sent) {
      report.tried += 1;
      if (s.status === 200) report.accepted += 1;
      else if (s.status === 0 || s.status >= 500) report.rejected += 1;
      else report.wrongStatus += 1;
    }
    for (const s of sent.filter((entry) => entry.status !== 200)) {
      const redelivery = { ...s.event, deliveryContext: { isRedelivery: true } };
      await waitFor('a redelivery is accepted', async () => {
        const res = await stage.webhooks.send(redelivery).catch(() => undefined);
        return res?.status === 200;
      });
    }
    const ids = sent.map((s) => s.event.webhookEventId);
    await waitFor(
      'every event processed',
      async () => (await db.unprocessed(ids)).length === 0,
      120_000,
    ).catch(() => undefined);
    await sleep(1_500);
    const unprocessed = await db.unprocessed(ids);
    const counts = sent.map((s) => stage.line.deliveries.filter((d) => d.to === s.userId).length);
    report.lost += unprocessed.length + counts.filter((n) => n === 0).length;
    report.sentTwice += counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    return {
      unprocessed,
      notWelcomed: counts.filter((n) => n === 0).length,
      welcomedTwice: counts.filter((n) => n > 1).length,
      wrongStatuses: sent
        .filter((s) => s.status !== 200 && s.status !== 0 && s.status < 500)
        .map((s) => s.status),
    };
  }

  const clean = { unprocessed: [], notWelcomed: 0, welcomedTwice: 0, wrongStatuses: [] };

  it('the database stops for 10 s while webhooks arrive: refused with 5xx or stored, nothing lost; the bot recovers', async () => {
    let readyDuringOutage = 0;
    const sent = await followsDuring(250, async () => {
      await sleep(2_000);
      await stage.db.pause();
      await sleep(3_000);
      readyDuringOutage = (await fetch(`${stage.baseUrl}/readyz`)).status;
      await sleep(7_000);
      await stage.db.resume();
      await sleep(2_000);
    });
    expect(sent.some((s) => s.status >= 500 || s.status === 0)).toBe(true); // the outage was felt
    expect(readyDuringOutage).toBe(503);
    await waitFor(
      'readyz back to 200',
      async () => (await fetch(`${stage.baseUrl}/readyz`)).status === 200,
      60_000,
    );
    expect(await settle('database-outage', sent)).toEqual(clean);

    // The scheduler recovered too: a recurring job made due now runs without a restart.
    const due = new Date();
    await db.makeJobDue('line-quota', due);
    await waitFor(
      'the scheduler runs a due job',
      async () => ((await db.lastRunAt('line-quota')) ?? 0) >= due.getTime(),
      90_000,
    );
    expect(alive(stage)).toBe(true);
  });

  it('SIGKILL while events are being processed: after a restart nothing is lost or sent twice', async () => {
    stage.lineProxy.arm({ kind: 'slow', delayMs: 400 }, 1_000, (req) =>
      (req.url ?? '').startsWith('/v2/bot/message/'),
    );
    const sent = await followsDuring(50, () => sleep(3_000));
    stage.bot.child.kill('SIGKILL');
    await stage.bot.exit;
    stage.lineProxy.heal();
    await stage.restartBot();
    expect(await settle('sigkill-processing', sent)).toEqual(clean);
  }, 300_000);

  it('SIGTERM under load: the bot stops cleanly and, restarted, loses nothing and sends nothing twice', async () => {
    stage.lineProxy.arm({ kind: 'slow', delayMs: 300 }, 1_000, (req) =>
      (req.url ?? '').startsWith('/v2/bot/message/'),
    );
    let exitCode: number | null = null;
    const sent = await followsDuring(50, async () => {
      await sleep(2_000);
      stage.bot.child.kill('SIGTERM');
      const t0 = Date.now();
      exitCode = await stage.bot.exit;
      if (process.env.CHAOS_DEBUG) console.log('exit after SIGTERM in', Date.now() - t0, 'ms');
      await sleep(500);
    });
    stage.lineProxy.heal();
    expect(exitCode).toBe(0);
    await stage.restartBot();
    expect(await settle('sigterm-under-load', sent)).toEqual(clean);
  }, 300_000);
});
