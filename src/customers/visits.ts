import { ErrorCode, JorenError, isDuplicateKeyError } from '../errors.js';
import type { Models, Visit } from '../db/models/index.js';

/** One visit to record; `key` makes recording it again (a retried command, a re-run import) a no-op. */
export interface VisitInput {
  key: string;
  customerId: string;
  at: Date;
  menu?: string;
  amount?: number;
  staff?: string;
  source: Visit['source'];
}

export type VisitModels = Pick<Models, 'Visit' | 'Customer'>;

/**
 * Records one visit and keeps the customer's firstVisitAt / lastVisitAt / visitCount right. The visit
 * is inserted under its key first, so only the caller whose insert succeeded updates the customer
 * (a duplicate returns `created: false` and changes nothing). A visit for a history record that was
 * linked to a LINE friend is recorded on the friend. (Without transactions, a crash between the two
 * writes leaves the customer's counters behind; the lapse scan recounts them from the visits.)
 */
export async function recordVisit(
  models: VisitModels,
  input: VisitInput,
): Promise<{ visit: Visit; created: boolean }> {
  const customer = await models.Customer.findById(input.customerId, { linkedTo: 1 }).lean();
  if (!customer) {
    throw new JorenError(ErrorCode.CustomerNotFound, 'No customer has this id.', {
      customerId: input.customerId,
    });
  }
  const customerId = customer.linkedTo ?? input.customerId;
  try {
    const created = await models.Visit.create({
      _id: input.key,
      customerId,
      at: input.at,
      source: input.source,
      ...(input.menu !== undefined ? { menu: input.menu } : {}),
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      ...(input.staff !== undefined ? { staff: input.staff } : {}),
    });
    await models.Customer.updateOne(
      { _id: customerId },
      { $inc: { visitCount: 1 }, $min: { firstVisitAt: input.at }, $max: { lastVisitAt: input.at } },
    );
    if (input.menu) {
      // The newsletter's {lastService}: the menu of the latest visit (this one, if nothing is later).
      await models.Customer.updateOne(
        { _id: customerId, lastVisitAt: input.at },
        { $set: { lastMenu: input.menu } },
      );
    }
    return { visit: created.toObject(), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await models.Visit.findById(input.key).lean();
  if (!existing) return recordVisit(models, input); // deleted in between: record it now
  if (existing.customerId !== customerId || existing.at.getTime() !== input.at.getTime()) {
    throw new JorenError(ErrorCode.VisitKeyConflict, 'This visit key is already used for another visit.', {
      key: input.key,
    });
  }
  return { visit: existing, created: false };
}

/**
 * Deletes a visit by its key and corrects the customer's counters. When the deleted visit was their
 * first or last one, the remaining visits are read to find the new first/last (an indexed query on
 * MongoDB; a collection scan on FerretDB, acceptable for a rare staff correction).
 */
export async function deleteVisit(
  models: VisitModels,
  key: string,
): Promise<{ deleted: boolean; visit?: Visit }> {
  const visit = await models.Visit.findById(key).lean();
  if (!visit) return { deleted: false };
  const { deletedCount } = await models.Visit.deleteOne({ _id: key });
  if (deletedCount !== 1) return { deleted: false };
  const customer = await models.Customer.findById(visit.customerId, {
    firstVisitAt: 1,
    lastVisitAt: 1,
  }).lean();
  if (!customer) return { deleted: true, visit };
  const edge =
    customer.firstVisitAt?.getTime() === visit.at.getTime() ||
    customer.lastVisitAt?.getTime() === visit.at.getTime();
  if (!edge) {
    await models.Customer.updateOne({ _id: visit.customerId }, { $inc: { visitCount: -1 } });
    return { deleted: true, visit };
  }
  const remaining = await models.Visit.find({ customerId: visit.customerId }, { at: 1 }).lean();
  const times = remaining.map((v) => v.at.getTime());
  const first = times.reduce((p, q) => Math.min(p, q), Number.POSITIVE_INFINITY);
  const last = times.reduce((p, q) => Math.max(p, q), Number.NEGATIVE_INFINITY);
  await models.Customer.updateOne(
    { _id: visit.customerId },
    times.length > 0
      ? {
          $set: {
            visitCount: times.length,
            firstVisitAt: new Date(first),
            lastVisitAt: new Date(last),
          },
        }
      : { $set: { visitCount: 0 }, $unset: { firstVisitAt: 1, lastVisitAt: 1 } },
  );
  return { deleted: true, visit };
}
