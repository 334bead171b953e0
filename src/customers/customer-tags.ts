import type { Models } from '../db/models/index.js';
import { ErrorCode, JorenError } from '../errors.js';

/** Longest tag and most tags a customer keeps (a tag is a word staff segment by, not a note). */
export const MAX_TAG_LENGTH = 30;
export const MAX_TAGS = 20;

/** A tag as stored: NFKC (full-width letters and digits made half-width), trimmed, a leading # dropped. */
export function normalizeTag(text: string): string | undefined {
  const tag = text.normalize('NFKC').trim().replace(/^#/, '').trim();
  if (tag === '' || tag.length > MAX_TAG_LENGTH || /[,、\s]/.test(tag)) return undefined;
  return tag;
}

/**
 * Customers' tags, for staff (Slack) and for flows (a survey answer, a wish): add and remove by the
 * customer's `_id`, idempotent ($addToSet / $pull), so a retried event changes nothing twice. Tags
 * are what `/broadcast` segments by.
 */
export class CustomerTags {
  constructor(private readonly deps: { models: Pick<Models, 'Customer'> }) {}

  /** Adds the tags (normalised; unreadable ones ignored); returns the customer's tags after. */
  async addTags(customerId: string, tags: string[]): Promise<string[]> {
    const clean = cleanTags(tags);
    const current = await this.tagsOf(customerId);
    const room = Math.max(0, MAX_TAGS - current.length);
    const added = clean.filter((tag) => !current.includes(tag)).slice(0, room);
    if (added.length > 0) {
      await this.deps.models.Customer.updateOne(
        { _id: customerId },
        { $addToSet: { tags: { $each: added } } },
      );
    }
    return [...current, ...added];
  }

  /** Removes the tags; returns the customer's tags after. */
  async removeTags(customerId: string, tags: string[]): Promise<string[]> {
    const clean = cleanTags(tags);
    const current = await this.tagsOf(customerId);
    if (clean.some((tag) => current.includes(tag))) {
      await this.deps.models.Customer.updateOne({ _id: customerId }, { $pullAll: { tags: clean } });
    }
    return current.filter((tag) => !clean.includes(tag));
  }

  private async tagsOf(customerId: string): Promise<string[]> {
    const customer = await this.deps.models.Customer.findById(customerId, { tags: 1 }).lean();
    if (!customer) {
      throw new JorenError(ErrorCode.CustomerNotFound, 'No customer has this id.', { customerId });
    }
    return customer.tags ?? [];
  }
}

function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter((tag): tag is string => tag !== undefined))];
}
