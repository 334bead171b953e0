import { randomBytes } from 'node:crypto';
import { isDuplicateKeyError } from '../errors.js';
import type { Models } from './models/index.js';

/**
 * The shop's random secret for one use (`check-in`, `import-tombstone`): made once by a unique
 * insert (the first process wins), then read. Undefined with `create: false` when it was never made.
 */
export async function shopSecret(
  models: Pick<Models, 'ShopSecret'>,
  use: string,
  options: { now: Date; create?: boolean },
): Promise<string | undefined> {
  const { ShopSecret } = models;
  const existing = await ShopSecret.findById(use).lean();
  if (existing) return existing.secret;
  if (options.create === false) return undefined;
  try {
    await ShopSecret.create({ _id: use, secret: randomBytes(32).toString('hex'), createdAt: options.now });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return (await ShopSecret.findById(use).lean())!.secret;
}
