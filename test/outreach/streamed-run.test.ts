import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AudienceContext, AudienceCustomer } from '../../src/outreach/audience.js';
import type { Candidate, OutreachRun } from '../../src/outreach/outreach.js';
import { seasonalDue } from '../../src/retention/touchpoint-due.js';
import { shopDayOf } from '../../src/retention/shop-time.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { clockAt, duplicates, friend } from '../support/scheduler.js';
import { startTestApp, TEST_CHANNEL_TOKEN, type TestApp } from '../support/test-app.js';

/**
 * A run on a plan without a monthly limit decides and sends as its audience is read: the first
 * customers get their message while later ones are still being read, and what the run does not
 * reach (quiet hours, a failure) is accounted for.
 */
describe('outreach: a run that streams its audience', () => {
  let fake: FakeLineApi;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TEST_CHANNEL_TOKEN });
  });
  afterEach(async () => {
    await t.stop();
    fake.reset();
  });
  afterAll(async () => {
    await fake.stop();
  });

  const startApp = async () => {
    t = await startTestApp({
      fake,
      clock: clockAt('2027-07-15T10:00:00+09:00'),
      scheduler: { fanOut: { batchSize: 10, pushConcurrency: 4 } },
    });
    return t;
  };

  /** The seasonal touchpoint due today, for `count` new friends of the shop. */
  const seasonalRun = async (count: number) => {
    const users = [];
    for (let i = 0; i < count; i++) users.push(await friend(t));
    const now = t.clock.now();
    const today = shopDayOf(now, t.context.config.shop.timezone);
    const due = seasonalDue(today, t.context.config.scheduler.seasons);
    if (!due.due) throw new Error('the test day must be in a seasonal window');
    const customers = await t.context.models.Customer.find({ _id: { $in: users } })
      .sort({ _id: 1 })
      .lean<AudienceCustomer[]>();
    const audience: AudienceContext = {
      now,
      today,
      openComplaints: new Set(),
      history: new Map(),
      ledger: [],
    };
    const candidates: Candidate[] = customers.map((customer) => ({
      customer,
      period: due.period,
      ref: due.season.id,
    }));
    const base: Omit<OutreachRun, 'candidates'> = {
      kind: 'seasonal',
      runKey: `seasonal:${today}`,
      audience,
      budget: null,
    };
    return { users, candidates, base };
  };

  /** Resolves once `condition` holds; fails after a few seconds with `what`. */
  const until = async (condition: () => boolean, what: string) => {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 5_000) throw new Error(what);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('sends to the first customers before the last ones are read', async () => {
    await startApp();
    const { users, candidates, base } = await seasonalRun(30);
    let read = 0;
    async function* slowAudience() {
      for (const candidate of candidates) {
        // The last third is only read once LINE has received something: a run that read everyone
        // before sending would never get there.
        if (read === 20) await until(() => fake.deliveries.length > 0, 'nothing sent while reading');
        read++;
        yield candidate;
      }
    }
    const report = await t.context.outreach.run({ ...base, candidates: slowAudience() });
    expect(read).toBe(30);
    expect(report).toMatchObject({ due: 30, sent: 30, deferred: 0 });
    expect(users.map((user) => fake.deliveryCounts.get(user) ?? 0)).toEqual(users.map(() => 1));
    expect(duplicates({ fake })).toEqual([]);
  });

  it('stopped mid-run, it reads the rest only to count it as deferred, and sends none of it', async () => {
    await startApp();
    const { candidates, base } = await seasonalRun(35);
    let read = 0;
    async function* audience() {
      for (const candidate of candidates) {
        await Promise.resolve(); // a cursor's pace
        read++;
        yield candidate;
      }
    }
    const report = await t.context.outreach.run({
      ...base,
      candidates: audience(),
      shouldStop: () => fake.deliveries.length >= 10,
    });
    const sent = fake.deliveries.length;
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(sent).toBeLessThan(35);
    expect(read).toBe(35);
    expect(report.sent).toBe(sent);
    expect(report.due).toBe(35);
    expect(report.deferred).toBe(35 - sent);
    expect(report.deferredUntil).toBeInstanceOf(Date);
  });

  it('an audience that fails while being read fails the run after the batches already claimed went', async () => {
    await startApp();
    const { candidates, base } = await seasonalRun(30);
    let closed = false;
    async function* failing() {
      try {
        for (const [index, candidate] of candidates.entries()) {
          await Promise.resolve();
          if (index === 25) throw new Error('cursor lost');
          yield candidate;
        }
      } finally {
        closed = true;
      }
    }
    await expect(t.context.outreach.run({ ...base, candidates: failing() })).rejects.toThrow('cursor lost');
    expect(closed).toBe(true);
    // Batches of 10: the two claimed before the failure were sent; none twice.
    expect(fake.deliveries.length).toBeGreaterThanOrEqual(20);
    expect(fake.deliveries.length).toBeLessThanOrEqual(25);
    expect(duplicates({ fake })).toEqual([]);
    const claimed = await t.context.models.SendLedger.countDocuments({ kind: 'seasonal' });
    expect(claimed).toBe(fake.deliveries.length);
  });
});
