import type { Models } from '../db/models/index.js';
import type { ShopCalendar } from '../retention/shop-time.js';
import { writeUpdates } from '../db/bulk-write.js';

/** Everything the scan needs to know about one customer. */
export interface CustomerFacts {
  id: string;
  status: string;
  blockedDay: number | undefined;
  /** Distinct shop-local visit days, ascending. */
  days: number[];
  visitCount: number;
  firstAt: Date | undefined;
  lastAt: Date | undefined;
}

/**
 * Reads every customer and every visit once (two collection scans: the nightly job's price on
 * FerretDB, which cannot use an index for it anyway), resolving history records that were linked to a
 * LINE friend, and corrects the counters on customers whose stored firstVisitAt / lastVisitAt /
 * visitCount disagree with their visits (a crash between a visit's insert and its counter update).
 */
export async function loadCustomerFacts(
  models: Pick<Models, 'Customer' | 'Visit'>,
  calendar: ShopCalendar,
): Promise<{ customers: Map<string, CustomerFacts>; countersFixed: number }> {
  const customers = new Map<string, CustomerFacts>();
  const stored = new Map<string, { visitCount?: number; firstVisitAt?: Date; lastVisitAt?: Date }>();
  const alias = new Map<string, string>();
  const customerCursor = models.Customer.collection.find(
    {},
    {
      projection: { status: 1, linkedTo: 1, unfollowedAt: 1, visitCount: 1, firstVisitAt: 1, lastVisitAt: 1 },
      batchSize: 5000,
    },
  );
  for await (const c of customerCursor) {
    const id = c._id as unknown as string;
    if (typeof c.linkedTo === 'string') {
      alias.set(id, c.linkedTo);
      continue;
    }
    const blocked = c.status === 'blocked' && c.unfollowedAt instanceof Date;
    customers.set(id, {
      id,
      status: String(c.status),
      blockedDay: blocked ? calendar.dayOf(c.unfollowedAt as Date) : undefined,
      days: [],
      visitCount: 0,
      firstAt: undefined,
      lastAt: undefined,
    });
    stored.set(id, c as { visitCount?: number; firstVisitAt?: Date; lastVisitAt?: Date });
  }

  const visitCursor = models.Visit.collection.find(
    {},
    { projection: { customerId: 1, at: 1 }, batchSize: 10_000 },
  );
  for await (const v of visitCursor) {
    const owner = customers.get(alias.get(v.customerId as string) ?? (v.customerId as string));
    const at = v.at as Date;
    if (!owner || !(at instanceof Date)) continue;
    owner.days.push(calendar.dayOf(at));
    owner.visitCount++;
    if (!owner.firstAt || at < owner.firstAt) owner.firstAt = at;
    if (!owner.lastAt || at > owner.lastAt) owner.lastAt = at;
  }

  const fixes = [];
  for (const c of customers.values()) {
    if (c.days.length > 1) {
      c.days.sort((p, q) => p - q);
      c.days = c.days.filter((d, i) => i === 0 || d !== c.days[i - 1]);
    }
    const s = stored.get(c.id)!;
    const same =
      (s.visitCount ?? 0) === c.visitCount &&
      s.firstVisitAt?.getTime() === c.firstAt?.getTime() &&
      s.lastVisitAt?.getTime() === c.lastAt?.getTime();
    if (same) continue;
    fixes.push({
      updateOne: {
        filter: { _id: c.id as never },
        update:
          c.visitCount > 0
            ? { $set: { visitCount: c.visitCount, firstVisitAt: c.firstAt, lastVisitAt: c.lastAt } }
            : { $set: { visitCount: 0 }, $unset: { firstVisitAt: '', lastVisitAt: '' } },
      },
    });
  }
  await writeUpdates(fixes, (chunk) => models.Customer.collection.bulkWrite(chunk, { ordered: false }));
  return { customers, countersFixed: fixes.length };
}
