import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { currentLapseScan, runLapseScan, type LapseScanResult } from '../../src/analytics/lapse-scan.js';
import { readCustomerScore, readLapsedCustomers } from '../../src/analytics/lapsed-customers.js';
import { readShopStats } from '../../src/analytics/shop-stats.js';
import { recordVisit } from '../../src/customers/visits.js';
import { scoreCustomers } from '../../src/retention/lapse-scoring.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { cdnowFile, cdnowVisitHistories } from '../retention/cdnow.js';

const calendar = shopCalendar('Asia/Tokyo');
const oct1 = new Date('1997-10-01T09:00:00+09:00');
const oct2 = new Date('1997-10-02T09:00:00+09:00');

describe('the lapse scan on the CDNOW sample as a shop history', () => {
  let t: TestApp;
  let first: LapseScanResult;
  const deps = (now: Date) => ({ models: t.context.models, calendar, now });

  beforeAll(async () => {
    t = await startTestApp();
    // The shop's history up to 1997-09-30: later records are refused as "in the future".
    const summary = await importVisitFile(deps(oct1), readFileSync(cdnowFile('cdnow_sample.txt')), {
      format: 'cdnow',
      source: 'cdnow',
    });
    expect(summary.customersCreated).toBe(2357);
    first = (await runLapseScan(deps(oct1)))!;
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });

  it('refits BG/NBD on the whole history and scores every customer', () => {
    expect(first.method).toBe('bg-nbd');
    expect(first.params!.r).toBeCloseTo(0.243, 1);
    expect(first.counts.customers).toBe(2357);
    expect(first.counts.lapsed + first.counts.active).toBe(2357);
    expect(first.firstScan).toBe(true);
    expect(first.newEpisodes).toHaveLength(first.counts.lapsed);
    expect(first.newEpisodes[0]!.episodeId).toMatch(/^ext:cdnow:\d+:1997-\d\d-\d\d$/);
  });

  it('ranks lapsed customers as the pure scoring does, with plain words and the summary line', async () => {
    const pure = scoreCustomers(
      cdnowVisitHistories('cdnow_sample.txt').map((h) => ({ id: `ext:cdnow:${h.id}`, days: h.days })),
      calendar.dayOf(oct1),
    );
    const expected = pure.scores
      .filter((s) => s.lapsed)
      .sort((p, q) => q.score - p.score || q.lastDay - p.lastDay);
    const page1 = (await readLapsedCustomers(deps(oct1), { limit: 5 }))!;
    expect(page1.summary).toEqual({
      lapsed: expected.length,
      active: 2357 - expected.length,
      customers: 2357,
      share: expected.length / 2357,
    });
    expect(page1.rows.map((r) => r.customerId)).toEqual(expected.slice(0, 5).map((s) => s.id));
    expect(page1.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(page1.total).toBe(expected.length);
    expect(page1.hasMore).toBe(true);
    const row = page1.rows[0]!;
    expect(row).toMatchObject({ status: 'unlinked', likelihood: 'low', returnedSinceScan: false });
    expect(row.checkIn).toEqual({ episodeId: expect.stringMatching(/^ext:cdnow:/), state: 'not-sent' });
    expect(row.explanation.ja).toMatch(
      /^(普段は約.+ごとに来店|ご来店は1回のみ)。最終来店から.+。再来店の見込みは低め（離反の可能性 \d+%）$/,
    );

    const page3 = (await readLapsedCustomers(deps(oct1), { limit: 5, page: 3 }))!;
    expect(page3.rows.map((r) => r.customerId)).toEqual(expected.slice(10, 15).map((s) => s.id));
  });

  it('filters by days since the last visit, with the total from the histogram', async () => {
    const page = (await readLapsedCustomers(deps(oct1), { limit: 50, days: 200 }))!;
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.daysSince >= 200)).toBe(true);
    const all = (await readLapsedCustomers(deps(oct1), { limit: 50 }))!;
    expect(page.total).toBeLessThan(all.total!);
    const ranks = page.rows.map((r) => r.rank);
    expect(ranks).toEqual([...ranks].sort((p, q) => p - q));
  });

  it('filters by the reason given in the win-back reply and shows the check-in status', async () => {
    const [, second] = (await readLapsedCustomers(deps(oct1), { limit: 2 }))!.rows;
    await t.context.models.WinBack.create({
      _id: second!.checkIn.episodeId,
      customerId: second!.customerId,
      lapsedAt: oct1,
      checkInSentAt: oct1,
      repliedAt: oct1,
      reason: 'problem',
      outcome: 'replied',
    });
    const page = (await readLapsedCustomers(deps(oct1), { reason: 2 }))!;
    expect(page.rows.map((r) => r.customerId)).toEqual([second!.customerId]);
    expect(page.rows[0]!.checkIn).toMatchObject({ state: 'replied', reason: 'problem' });
    expect((await readLapsedCustomers(deps(oct1), { reason: 1 }))!.rows).toEqual([]);
  });

  it('reports new episodes once: a rescan keeps running episodes and a visit ends one', async () => {
    const top = (await readLapsedCustomers(deps(oct1), { limit: 1 }))!.rows[0]!;
    await recordVisit(t.context.models, {
      key: 'staff:test-visit',
      customerId: top.customerId,
      at: new Date('1997-10-01T15:00:00+09:00'),
      source: 'staff',
    });
    expect((await readLapsedCustomers(deps(oct1), { limit: 1 }))!.rows[0]!.returnedSinceScan).toBe(true);

    const second = (await runLapseScan(deps(oct2)))!;
    expect(second.firstScan).toBe(false);
    const firstIds = new Set(first.newEpisodes.map((e) => e.episodeId));
    expect(second.newEpisodes.every((e) => !firstIds.has(e.episodeId))).toBe(true);
    expect(second.newEpisodes.length).toBeLessThan(50);
    expect((await currentLapseScan(t.context.models))!.newEpisodeIds).toEqual(
      second.newEpisodes.map((e) => e.episodeId),
    );
    expect((await readCustomerScore(t.context.models, top.customerId))!.lapsed).toBe(false);
    const still = (await readCustomerScore(t.context.models, first.newEpisodes[5]!.customerId))!;
    expect(still.lapsed).toBe(true);
    expect(`${first.newEpisodes[5]!.customerId}:${calendar.isoDay(still.lapsedSinceDay!)}`).toBe(
      first.newEpisodes[5]!.episodeId,
    );
  });

  it('keeps monthly figures where current = previous + new − lost', async () => {
    const stats = (await readShopStats(deps(oct2), 'year', { line: { used: 120, remaining: 80 } }))!;
    expect(stats.months[0]).toBe('1997-01');
    expect(stats.customers.firstTime).toBe(2357);
    let previous = 0;
    for (const m of stats.trend.filter((m) => m.month >= '1997-01')) {
      expect(m.current).toBe(previous + m.new - m.lost);
      previous = m.current;
    }
    expect(stats.customers.current).toBe(previous);
    expect(stats.customers.lost).toBeGreaterThan(0);
    expect(stats.annualLossRate).toBeGreaterThan(0);
    expect(stats.growth?.ja).toMatch(/^年間の離反率が\d+%のとき、10%成長するには新規顧客が\d+%/);
    expect(stats.line).toEqual({ used: 120, remaining: 80 });
  });
});
