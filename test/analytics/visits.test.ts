import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deleteVisit, recordVisit } from '../../src/customers/visits.js';
import { JorenError } from '../../src/errors.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('recording and deleting visits', () => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    userId = t.fake.addUser({ displayName: '来店 太郎' });
    await t.line.send(t.line.follow(userId));
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });
  const customer = () => t.context.models.Customer.findById(userId).lean();
  const at = (iso: string) => new Date(iso);
  const visit = (key: string, iso: string) =>
    recordVisit(t.context.models, { key, customerId: userId, at: at(iso), source: 'staff', menu: 'カット' });

  it('keeps first/last visit and the count right, once per key', async () => {
    expect((await visit('v1', '2025-03-10T11:00:00+09:00')).created).toBe(true);
    expect((await visit('v2', '2025-01-05T11:00:00+09:00')).created).toBe(true);
    expect((await visit('v3', '2025-04-01T18:00:00+09:00')).created).toBe(true);
    expect((await visit('v3', '2025-04-01T18:00:00+09:00')).created).toBe(false);
    expect(await customer()).toMatchObject({
      visitCount: 3,
      firstVisitAt: at('2025-01-05T11:00:00+09:00'),
      lastVisitAt: at('2025-04-01T18:00:00+09:00'),
    });
  });

  it('refuses a key reused for another visit, and an unknown customer', async () => {
    await expect(visit('v3', '2025-04-02T18:00:00+09:00')).rejects.toBeInstanceOf(JorenError);
    await expect(
      recordVisit(t.context.models, { key: 'x', customerId: 'nobody', at: new Date(), source: 'staff' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
  });

  it('deleting the last visit moves lastVisitAt back; a middle one only the count; twice is a no-op', async () => {
    expect((await deleteVisit(t.context.models, 'v3')).deleted).toBe(true);
    expect(await customer()).toMatchObject({ visitCount: 2, lastVisitAt: at('2025-03-10T11:00:00+09:00') });
    expect((await deleteVisit(t.context.models, 'v3')).deleted).toBe(false);
    await visit('v4', '2025-02-01T11:00:00+09:00');
    await deleteVisit(t.context.models, 'v4');
    expect(await customer()).toMatchObject({
      visitCount: 2,
      firstVisitAt: at('2025-01-05T11:00:00+09:00'),
      lastVisitAt: at('2025-03-10T11:00:00+09:00'),
    });
    await deleteVisit(t.context.models, 'v1');
    await deleteVisit(t.context.models, 'v2');
    const emptied = await customer();
    expect(emptied?.visitCount).toBe(0);
    expect(emptied?.lastVisitAt).toBeUndefined();
  });
});
