import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { friend } from '../support/scheduler.js';

/** In production Agenda's own polling fires the jobs on real time; the handlers are the same. */
describe('Agenda drives the jobs on real time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { QUIET_HOURS: 'off', SEASONAL_GREETINGS: 'none' },
      scheduler: { processing: true, processEveryMs: 100 },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('registers the recurring jobs with their cron in the shop’s time zone', async () => {
    const recurring = await t.context.db.connection
      .db!.collection('agendaJobs')
      .find({ type: 'single' })
      .toArray();
    const byName = Object.fromEntries(recurring.map((job) => [job.name as string, job]));
    expect(Object.keys(byName).sort()).toEqual([
      'birthday',
      'case-follow-up',
      'case-reminder',
      'contact-tasks',
      'housekeeping',
      'lapse-scan',
      'line-quota',
      'newsletter-reminder',
      'referral-thanks',
      'regular-touch',
      'seasonal-greetings',
    ]);
    expect(byName.birthday).toMatchObject({ repeatInterval: '30 9 * * *', repeatTimezone: 'Asia/Tokyo' });
    expect(byName['line-quota']).toMatchObject({ repeatInterval: '60 minutes' });
    const next = byName.birthday!.nextRunAt as Date;
    expect(
      new Intl.DateTimeFormat('en', {
        timeZone: 'Asia/Tokyo',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(next),
    ).toBe('09:30');
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(await ready.json()).toMatchObject({ checks: { scheduler: true } });
  });

  it('fires a one-off job when it is due and runs the same handler runDue would', async () => {
    const user = await friend(t);
    const finished = new Promise<boolean>((resolve) => {
      const off = t.context.scheduler.onFinished((job, ok) => {
        if (job !== 'broadcast') return;
        off();
        resolve(ok);
      });
    });
    await t.context.scheduler.scheduleBroadcast({
      broadcastId: 'agenda-check',
      text: '本日は営業しております。',
    });
    expect(await finished).toBe(true);
    expect(t.fake.textsTo(user)).toEqual(['本日は営業しております。']);
    // Agenda removes a one-off job once it completed (just after the handler returns).
    const agendaJobs = t.context.db.connection.db!.collection('agendaJobs');
    const deadline = Date.now() + 5_000;
    let left = await agendaJobs.countDocuments({ name: 'broadcast' });
    while (left > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await agendaJobs.countDocuments({ name: 'broadcast' });
    }
    expect(left).toBe(0);
  });

  it('refuses a job whose data does not match its schema, and tells staff after the retries', async () => {
    const failed = new Promise<boolean>((resolve) => {
      const off = t.context.scheduler.onFinished((job, ok) => {
        if (job !== 'post-visit-thanks') return;
        off();
        resolve(ok);
      });
    });
    await t.context.scheduler.scheduleBroadcast({
      broadcastId: 'x',
      text: 'x',
      at: new Date(Date.now() + 3_600_000),
    });
    const agenda = t.context.db.connection.db!.collection('agendaJobs');
    await agenda.insertOne({
      name: 'post-visit-thanks',
      type: 'normal',
      data: { visitId: 42 },
      nextRunAt: new Date(),
      priority: 0,
    });
    expect(await failed).toBe(false);
  });
});

describe('Stopping while Agenda runs a job', () => {
  it('waits for the running job to finish, and no longer', async () => {
    const t = await startTestApp({
      env: { QUIET_HOURS: 'off', SEASONAL_GREETINGS: 'none' },
      scheduler: { processing: true, processEveryMs: 100, drainTimeoutMs: 20_000 },
    });
    let stopped: Promise<number> | undefined;
    try {
      const user = await friend(t);
      const events: string[] = [];
      t.context.scheduler.onFinished((job, ok) => {
        if (job === 'broadcast') events.push(`broadcast ${ok ? 'done' : 'failed'}`);
      });
      // Stop while the push is at LINE: the job is running, and finishes only after stop began.
      const stopBegan = new Promise<void>((resolve) => {
        const off = t.fake.onDelivery(() => {
          off();
          const began = Date.now();
          stopped = t.stop().then(() => {
            events.push('stopped');
            return Date.now() - began;
          });
          resolve();
        });
      });
      await t.context.scheduler.scheduleBroadcast({
        broadcastId: 'at-stop',
        text: '本日は営業しております。',
      });
      await stopBegan;
      const stopTook = await stopped!;
      expect(events).toEqual(['broadcast done', 'stopped']);
      expect(t.fake.textsTo(user)).toEqual(['本日は営業しております。']);
      // Agenda's own drain can miss the end of a one-off job it removes, and sit out its timeout.
      expect(stopTook).toBeLessThan(10_000);
    } finally {
      if (!stopped) await t.stop();
    }
  }, 60_000);
});

describe('A run longer than its lock lifetime', () => {
  it('renews its Agenda lock while it runs, so only a dead process’s lock lapses', async () => {
    const lines: Record<string, unknown>[] = [];
    const t = await startTestApp({
      env: { QUIET_HOURS: 'off', SEASONAL_GREETINGS: 'none', LOG_LEVEL: 'info' },
      scheduler: { processing: true, processEveryMs: 100, lockLifetimeMs: 400 },
      logTo: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    try {
      const user = await friend(t);
      let done = false;
      const finished = new Promise<boolean>((resolve) => {
        const off = t.context.scheduler.onFinished((job, ok) => {
          if (job !== 'broadcast') return;
          off();
          done = true;
          resolve(ok);
        });
      });
      // LINE takes 2 s, five lock lifetimes: the lock must be renewed meanwhile.
      t.fake.failNext({ delayMs: 2_000 });
      await t.context.scheduler.scheduleBroadcast({
        broadcastId: 'long-run',
        text: '本日は営業しております。',
      });
      const agendaJobs = t.context.db.connection.db!.collection('agendaJobs');
      const lockedAt = new Set<number>();
      while (!done) {
        const job = await agendaJobs.findOne({ name: 'broadcast', 'data.broadcastId': 'long-run' });
        if (job?.lockedAt instanceof Date) lockedAt.add(job.lockedAt.getTime());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await finished).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a second run would be taken by now
      // A lapsed lock lets Agenda take the job again while it still runs: a second run of it.
      const runs = lines.filter(
        (line) => line.msg === 'touchpoint run finished' && line.runKey === 'broadcast:long-run',
      );
      expect(runs).toHaveLength(1);
      expect(lockedAt.size).toBeGreaterThanOrEqual(3); // taken, then renewed every 100 ms
      expect(t.fake.textsTo(user)).toEqual(['本日は営業しております。']);
      expect(lines.filter((line) => line.msg === 'scheduler job failed')).toEqual([]);
    } finally {
      await t.stop();
    }
  }, 60_000);
});
