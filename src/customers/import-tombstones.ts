import { createHmac } from 'node:crypto';
import type { Models } from '../db/models/index.js';
import { shopSecret } from '../db/shop-secrets.js';
import { writeUpdates } from '../db/bulk-write.js';

const SECRET_USE = 'import-tombstone';

/**
 * What stops an import from bringing a forgotten person back: for each of their imported history ids
 * (`ext:<source>:<id>`), a tombstone keyed by a keyed hash of the id (HMAC-SHA256, the shop's own
 * secret), read by `_id`. The id itself is not kept; without the secret the hash names no one.
 */
export class ImportTombstones {
  constructor(private readonly models: Pick<Models, 'ShopSecret' | 'ImportTombstone'>) {}

  /** Records these history ids as forgotten (idempotent). */
  async bury(historyIds: readonly string[], now: Date): Promise<number> {
    if (historyIds.length === 0) return 0;
    const secret = (await shopSecret(this.models, SECRET_USE, { now }))!;
    const statements = historyIds.map((id) => ({
      updateOne: {
        filter: { _id: keyOf(secret, id) },
        update: { $setOnInsert: { at: now } },
        upsert: true,
      },
    }));
    await writeUpdates(statements, (chunk) =>
      this.models.ImportTombstone.bulkWrite(chunk, { ordered: false }),
    );
    return historyIds.length;
  }

  /** Which of these history ids belong to forgotten people (one `_id` $in per 10,000). */
  async forgotten(historyIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (historyIds.length === 0) return found;
    const secret = await shopSecret(this.models, SECRET_USE, { now: new Date(), create: false });
    if (!secret) return found;
    const byKey = new Map(historyIds.map((id) => [keyOf(secret, id), id]));
    const keys = [...byKey.keys()];
    for (let start = 0; start < keys.length; start += 10_000) {
      const hits = await this.models.ImportTombstone.find(
        { _id: { $in: keys.slice(start, start + 10_000) } },
        { _id: 1 },
      ).lean();
      for (const hit of hits) found.add(byKey.get(hit._id)!);
    }
    return found;
  }
}

function keyOf(secret: string, historyId: string): string {
  return createHmac('sha256', secret).update(historyId).digest('hex');
}
