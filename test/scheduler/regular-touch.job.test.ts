import { afterEach, describe, expect, it } from '@jest/globals';
import { addDays } from '../../src/retention/shop-time.js';
import { clockAt, friend, tokyo, travel, visitsOn } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('regular touch job', () => {
  const running: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  it('sends the month’s newsletter after 30 days without contact, spread over the stagger days, across a month end', async () => {
    const t = await startTestApp({
      clock: clockAt('2027-10-20T12:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none' },
    });
    running.push(t);
    const lastContactAt = tokyo('2027-09-27', '12:00');
    const quiet = await Promise.all(
      Array.from({ length: 14 }, () => friend(t, { lastContactAt, followedAt: lastContactAt })),
    );
    const recent = await friend(t, { lastContactAt: tokyo('2027-10-15'), followedAt: lastContactAt });
    const visited = await friend(t, {
      lastContactAt,
      followedAt: lastContactAt,
      lastVisitAt: tokyo('2027-10-10'),
      firstVisitAt: tokyo('2027-10-10'),
      visitCount: 1,
    });
    await visitsOn(t, visited, [tokyo('2027-10-10')]);
    for (const month of ['2027-10', '2027-11']) {
      await t.context.models.NewsletterEdition.create({
        _id: month,
        text: `${month}号: 秋の新メニュー`,
        by: 'U0STAFF',
      });
    }

    // 30 days after 27 September is 27 October; the touches spread over 27 October – 2 November.
    await travel(t, tokyo('2027-10-26', '09:30'));
    expect(t.fake.deliveries).toHaveLength(0);
    const perDay: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = t.fake.deliveries.length;
      await travel(t, tokyo(addDays('2027-10-27', i), '09:30'));
      perDay.push(t.fake.deliveries.length - before);
    }
    expect(perDay.reduce((a, b) => a + b, 0)).toBe(14);
    expect(Math.max(...perDay)).toBeLessThan(14);
    for (const user of quiet) {
      expect(t.fake.textsTo(user)).toEqual([expect.stringMatching(/号: 秋の新メニュー/)]);
    }
    expect(t.fake.textsTo(recent)).toEqual([]);
    expect(t.fake.textsTo(visited)).toEqual([]);

    // Nobody gets a second one a week later: the touch itself is their last contact now.
    for (let i = 7; i < 14; i++) await travel(t, tokyo(addDays('2027-10-27', i), '09:30'));
    expect(t.fake.deliveries.filter((d) => quiet.includes(d.to))).toHaveLength(14);
  });
});

describe('regular touch without a newsletter edition', () => {
  it('sends nothing at all: no message without news in it', async () => {
    const t = await startTestApp({
      clock: clockAt('2027-10-20T12:00:00+09:00'),
      env: { SEASONAL_GREETINGS: 'none' },
    });
    try {
      const lastContactAt = tokyo('2027-09-01', '12:00');
      const quiet = await Promise.all(
        Array.from({ length: 5 }, () => friend(t, { lastContactAt, followedAt: lastContactAt })),
      );
      for (let i = 0; i < 8; i++) await travel(t, tokyo(addDays('2027-10-21', i), '09:30'));
      for (const user of quiet) expect(t.fake.textsTo(user)).toEqual([]);
      expect(await t.context.models.SendLedger.countDocuments({ kind: 'regular' })).toBe(0);
    } finally {
      await t.stop();
    }
  });
});
