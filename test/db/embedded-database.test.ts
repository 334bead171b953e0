import { describe, expect, it } from '@jest/globals';
import { AdjustableClock } from '../../src/clock.js';
import { releaseLease, takeLease } from '../../src/db/lease.js';
import { databaseForTests } from '../support/test-database.js';

describe('the embedded database and the portable patterns built on it', () => {
  const database = databaseForTests('embedded');

  it('creates the indexes declared in the models', async () => {
    const names = (await database().models.Customer.collection.indexes()).map((index) => index.name);
    expect(names).toEqual(
      expect.arrayContaining(['_id_', 'status_1_lastVisitAt_1', 'birthday.month_1_birthday.day_1']),
    );
    const inbox = (await database().models.InboxEvent.collection.indexes()).map((index) => index.name);
    expect(inbox).toEqual(expect.arrayContaining(['status_1_receivedAt_1']));
  });

  it('refuses a second document with the same _id (the basis of every idempotency key)', async () => {
    await database().models.Visit.create({
      _id: 'visit-1',
      customerId: 'c1',
      at: new Date(),
      source: 'staff',
    });
    await expect(
      database().models.Visit.create({ _id: 'visit-1', customerId: 'c1', at: new Date(), source: 'staff' }),
    ).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('finds by _id through an index, however large the collection', async () => {
    const { Customer } = database().models;
    await Customer.insertMany(
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `U${String(i).padStart(32, '0')}`,
        status: 'following',
      })),
    );
    // FerretDB's launcher adds the _id lookup index within a second of a table's creation.
    let plan = '';
    for (let i = 0; i < 150 && !plan.includes('USING INDEX'); i++) {
      const explained = (await Customer.find({ _id: `U${'0'.repeat(28)}2999` }).explain()) as {
        queryPlanner?: unknown;
      };
      plan = JSON.stringify(explained.queryPlanner ?? explained);
      if (process.env.JOREN_TEST_DATABASE_KIND !== 'ferretdb') break;
      if (!plan.includes('USING INDEX')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (process.env.JOREN_TEST_DATABASE_KIND === 'ferretdb') expect(plan).toContain('USING INDEX');
    else expect(plan).toMatch(/IDHACK|EXPRESS_IXSCAN|IXSCAN/);
  });

  it('gives a lease to exactly one of many competitors, and a lapsed one to exactly one taker', async () => {
    const clock = new AdjustableClock();
    const models = database().models;
    for (let round = 0; round < 5; round++) {
      const key = `job:${round}`;
      const owners = Array.from({ length: 12 }, (_, i) => `worker-${i}`);
      const first = await Promise.all(
        owners.map((owner) => takeLease(models, key, owner, clock.now(), 5_000)),
      );
      expect(first.filter(Boolean)).toHaveLength(1);
      const stale = first.find(Boolean)!;

      expect(await takeLease(models, key, 'late', clock.now(), 5_000)).toBeNull();
      clock.advance(6_000);
      const takers = await Promise.all(
        ['late-1', 'late-2', 'late-3', 'late-4'].map((owner) =>
          takeLease(models, key, owner, clock.now(), 5_000),
        ),
      );
      expect(takers.filter(Boolean)).toHaveLength(1);

      // The lapsed holder finishing late must not release the new holder's lease.
      await releaseLease(models, stale, clock.now());
      expect(await takeLease(models, key, 'another', clock.now(), 5_000)).toBeNull();
      await releaseLease(models, takers.find(Boolean)!, clock.now());
      expect(await takeLease(models, key, 'next', clock.now(), 5_000)).not.toBeNull();
    }
  });
});
