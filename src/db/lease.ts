import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError } from '../errors.js';
import type { LeaseEndModel, LeaseModel } from './models/index.js';

/** A lease this process holds: the key and the token of this particular holding. */
export interface LeaseHandle {
  key: string;
  token: string;
}

export interface LeaseModels {
  Lease: LeaseModel;
  LeaseEnd: LeaseEndModel;
}

/**
 * Takes the lease `key` until now + ms, or returns null when someone else holds it.
 *
 * Every decision is a unique insert, because a conditional delete or update is not atomic on
 * FerretDB (it reads, then writes by _id). Each holding has a token; ending a holding, by release or
 * by takeover after it lapsed, first inserts `<key>~<token>` into leaseEnds, and only the process
 * whose insert succeeds may remove or replace that holding.
 */
export async function takeLease(
  models: LeaseModels,
  key: string,
  owner: string,
  now: Date,
  ms: number,
): Promise<LeaseHandle | null> {
  const token = randomUUID();
  const expiresAt = new Date(now.getTime() + ms);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await models.Lease.create({ _id: key, owner, token, expiresAt });
      return { key, token };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await models.Lease.findById(key).lean();
    if (!held) continue; // released meanwhile: try the insert again
    if (held.expiresAt > now) return null;
    if (!(await endHolding(models, key, held.token, now))) return null;
    await models.Lease.replaceOne({ _id: key }, { owner, token, expiresAt });
    return { key, token };
  }
  return null;
}

/**
 * Extends a holding to now + ms, or returns false when it was ended (lapsed and taken over): the
 * caller has lost the lease and must stop. Renewal ends the current holding and starts a new one
 * with a fresh token, so it races a takeover through the same unique insert and exactly one wins.
 */
export async function renewLease(
  models: LeaseModels,
  handle: LeaseHandle,
  owner: string,
  now: Date,
  ms: number,
): Promise<boolean> {
  if (!(await endHolding(models, handle.key, handle.token, now))) return false;
  const token = randomUUID();
  await models.Lease.replaceOne(
    { _id: handle.key },
    { owner, token, expiresAt: new Date(now.getTime() + ms) },
    { upsert: true },
  );
  handle.token = token;
  return true;
}

/** Gives a lease back, unless it lapsed and was taken over meanwhile. */
export async function releaseLease(models: LeaseModels, handle: LeaseHandle, now: Date): Promise<void> {
  if (await endHolding(models, handle.key, handle.token, now)) {
    await models.Lease.deleteOne({ _id: handle.key });
  }
}

async function endHolding(models: LeaseModels, key: string, token: string, now: Date): Promise<boolean> {
  try {
    await models.LeaseEnd.create({ _id: `${key}~${token}`, at: now });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Removes records of ended holdings older than `before` (they only matter while a holding is live). */
export async function pruneLeaseEnds(models: LeaseModels, before: Date): Promise<number> {
  const { deletedCount } = await models.LeaseEnd.deleteMany({ at: { $lt: before } });
  return deletedCount;
}
