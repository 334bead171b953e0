import { describe, expect, it } from '@jest/globals';
import { packPayload } from '../../src/db/models/outreach-batch.model.js';
import { historyOf, streamAudience } from '../../src/outreach/audience.js';
import { databaseForTests } from '../support/test-database.js';

/**
 * The ledger window a run decides with. A rerun takes its own claims from its batch records rather
 * than from the ledger; what it decides with must be what the ledger says.
 */
describe('audience: the ledger window of a rerun', () => {
  const database = databaseForTests('audience');

  const run = 'seasonal:2027-07-15';
  const now = new Date('2027-07-15T03:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const key = (customer: string) => `seasonal:summer-2027:${customer}`;
  const ledgerEntry = (customer: string, runKey: string, batchId: string, at: Date, kind = 'seasonal') => ({
    _id: kind === 'seasonal' ? key(customer) : `${kind}:2027-07:${customer}`,
    customerId: customer,
    kind,
    period: kind === 'seasonal' ? 'summer-2027' : '2027-07',
    runKey,
    batchId,
    via: 'push' as const,
    at,
  });
  const batch = (id: string, customers: string[], at: Date, released?: string[]) => ({
    _id: id,
    runKey: run,
    kind: 'seasonal',
    via: 'push' as const,
    recipients: customers.length,
    packed: packPayload({
      entries: customers.map((c) => ({
        key: key(c),
        customerId: c,
        period: 'summer-2027',
        messages: [{ type: 'text', text: '暑中お見舞い申し上げます' }],
      })),
    }),
    createdAt: at,
    ...(released ? { released } : {}),
  });

  it('holds the same contacts as the ledger: its batches less what they gave back, others’ entries, and entries older than its batches', async () => {
    const { SendLedger, OutreachBatch } = database().models;
    // The run's first batch is gone (housekeeping); its second claimed a, b and c, and gave c back.
    await SendLedger.insertMany([
      ledgerEntry('old', run, `${run}:x:1`, minutesAgo(50)),
      ledgerEntry('a', run, `${run}:x:2`, minutesAgo(30)),
      ledgerEntry('b', run, `${run}:x:2`, minutesAgo(30)),
      ledgerEntry('other', 'regular:2027-07-14', 'regular:2027-07-14:y:1', minutesAgo(20), 'regular'),
      // Claimed first by another process's batch of the same run, which is also kept.
      ledgerEntry('d', run, `${run}:z:1`, minutesAgo(40)),
      // Older than the window.
      ledgerEntry(
        'ancient',
        'regular:2027-05-01',
        'regular:2027-05-01:y:1',
        minutesAgo(60 * 24 * 90),
        'regular',
      ),
    ]);
    await OutreachBatch.create([
      batch(`${run}:x:2`, ['a', 'b', 'c', 'd'], minutesAgo(30), [key('c')]),
      batch(`${run}:z:1`, ['d'], minutesAgo(40)),
    ]);

    const rerun = await streamAudience(database().models, {
      runKey: run,
      now,
      zone: 'Asia/Tokyo',
      historyDays: 60,
    });
    await rerun.customers.return?.();
    const plain = await streamAudience(database().models, {
      runKey: 'birthday:2027-07-15',
      now,
      zone: 'Asia/Tokyo',
      historyDays: 60,
    });
    await plain.customers.return?.();

    const contacts = (audience: typeof rerun, customer: string) =>
      historyOf(audience, customer).map((past) => ({ kind: past.kind, at: past.at, key: past.key }));
    for (const customer of ['old', 'a', 'b', 'c', 'd', 'other', 'ancient']) {
      expect([customer, contacts(rerun, customer)]).toEqual([customer, contacts(plain, customer)]);
    }
    expect(historyOf(rerun, 'a')).toHaveLength(1);
    expect(historyOf(rerun, 'old')).toHaveLength(1);
    expect(historyOf(rerun, 'c')).toEqual([]);
    expect(historyOf(rerun, 'd')).toHaveLength(1);
    expect(historyOf(rerun, 'ancient')).toEqual([]);
    expect(rerun.ledger.map((entry) => entry._id).sort()).toEqual(
      plain.ledger.map((entry) => entry._id).sort(),
    );
  });
});
