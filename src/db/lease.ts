import { isDuplicateKeyError } from '../errors.js';
import type { LeaseModel } from './models/index.js';

/**
 * Takes the lease `key` for `owner` until now + ms. The insert into the unique `_id` decides between
 * competitors; an expired lease is removed (only if unchanged since it was read) and taken over.
 */
export async function takeLease(
  Lease: LeaseModel,
  key: string,
  owner: string,
  now: Date,
  ms: number,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ms);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await Lease.create({ _id: key, owner, expiresAt });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await Lease.findById(key).lean();
    if (held && held.expiresAt > now) return held.owner === owner;
    if (held) await Lease.deleteOne({ _id: key, owner: held.owner, expiresAt: held.expiresAt });
  }
  return false;
}

/** Gives a lease back, if this owner still holds it. */
export async function releaseLease(Lease: LeaseModel, key: string, owner: string): Promise<void> {
  await Lease.deleteOne({ _id: key, owner });
}
