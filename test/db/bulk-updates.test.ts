import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UPDATES_PER_COMMAND, writeUpdates } from '../../src/db/bulk-write.js';
import { activityId } from '../../src/db/models/index.js';
import { addActivities } from '../../src/customers/customer-activity.js';
import { ImportTombstones } from '../../src/customers/import-tombstones.js';
import { OutreachRecords } from '../../src/outreach/outreach-records.js';
import { recordDriverCalls } from '../support/driver-calls.js';
import { databaseForTests } from '../support/test-database.js';

/** More customers than FerretDB v1.24 survives in one update command (it hangs from 100 statements on). */
const CUSTOMERS = 250;
const ids = Array.from({ length: CUSTOMERS }, (_, i) => `U${String(i).padStart(32, '0')}`);

/**
 * Update statements per bulk write the driver is given (it sends them as one command: far below its
 * own limit). Inserts (insertMany goes through bulkWrite too) are not counted.
 */
function recordBulkWrites(): { sizes: () => number[]; restore: () => void } {
  const recorder = recordDriverCalls(['bulkWrite']);
  const sizes = () =>
    recorder.calls
      .map(({ args }) =>
        (args[0] as Record<string, unknown>[]).filter(
          (s) => 'updateOne' in s || 'updateMany' in s || 'replaceOne' in s,
        ),
      )
      .filter((updates) => updates.length > 0)
      .map((updates) => updates.length);
  return { sizes, restore: recorder.stop };
}

/** Fails instead of waiting for ever: a hung FerretDB answers nothing. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: the database hangs`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe('writeUpdates', () => {
  it('sends the statements in order, at most UPDATES_PER_COMMAND a command', async () => {
    const statements = Array.from({ length: 2 * UPDATES_PER_COMMAND + 7 }, (_, i) => i);
    const chunks: number[][] = [];
    const results = await writeUpdates(statements, (chunk) => {
      chunks.push(chunk);
      return Promise.resolve(chunk.length);
    });
    expect(chunks.map((c) => c.length)).toEqual([UPDATES_PER_COMMAND, UPDATES_PER_COMMAND, 7]);
    expect(chunks.flat()).toEqual(statements);
    expect(results).toEqual([UPDATES_PER_COMMAND, UPDATES_PER_COMMAND, 7]);
    expect(UPDATES_PER_COMMAND).toBeLessThan(100);
  });
});

describe('bulk updates for many customers on the real database', () => {
  const database = databaseForTests('bulk-updates');
  let recorded: ReturnType<typeof recordBulkWrites>;
  beforeEach(() => {
    recorded = recordBulkWrites();
  });
  afterEach(() => recorded.restore());

  it("notes a run's messages for 250 customers who have some already (a broadcast's take-over hung FerretDB)", async () => {
    const { models } = database();
    const note = (run: string) =>
      within(
        30_000,
        addActivities(
          models,
          'messages',
          ids.map((customerId) => ({ customerId, id: `${run}:${customerId}#0` })),
        ),
      );
    await note('welcome'); // each customer's document is new: FerretDB's reads find nothing to hold
    await note('broadcast:b1'); // each exists now: the case that hung
    const docs = await models.CustomerActivity.find({
      _id: { $in: ids.map((id) => activityId('messages', id)) },
    })
      .lean()
      .exec();
    expect(docs).toHaveLength(CUSTOMERS);
    for (const doc of docs) {
      expect(doc.ids).toEqual([`welcome:${doc.customerId}#0`, `broadcast:b1:${doc.customerId}#0`]);
    }
    expect(Math.max(...recorded.sizes())).toBeLessThanOrEqual(UPDATES_PER_COMMAND);
    expect(recorded.sizes().reduce((a, b) => a + b, 0)).toBe(2 * CUSTOMERS);
  });

  it('marks 250 customers LINE no longer knows as unreachable', async () => {
    const { models } = database();
    await models.Customer.insertMany(ids.map((_id) => ({ _id, lineUserId: _id, status: 'following' })));
    await within(30_000, new OutreachRecords(models).markUnreachable(ids));
    const blocked = await models.Customer.countDocuments({ _id: { $in: ids }, status: 'blocked' });
    expect(blocked).toBe(CUSTOMERS);
    expect(Math.max(...recorded.sizes())).toBeLessThanOrEqual(UPDATES_PER_COMMAND);
  });

  it('buries 250 imported history ids for /forget', async () => {
    const { models } = database();
    const buried = await within(30_000, new ImportTombstones(models).bury(ids, new Date()));
    expect(buried).toBe(CUSTOMERS);
    expect(await models.ImportTombstone.countDocuments({})).toBe(CUSTOMERS);
    expect(Math.max(...recorded.sizes())).toBeLessThanOrEqual(UPDATES_PER_COMMAND);
  });
});
