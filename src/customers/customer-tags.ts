import type { Models } from '../db/models/index.js';

/** The tags on customers (what a broadcast can be sent to). */
export class CustomerTags {
  constructor(private readonly models: Pick<Models, 'Customer'>) {}

  /** Adds tags to a customer, each kept once (`$addToSet`: a second tap changes nothing). */
  async addTags(customerId: string, tags: string[]): Promise<void> {
    const clean = [...new Set(tags.map((tag) => tag.normalize('NFKC').trim()).filter(Boolean))];
    if (clean.length === 0) return;
    await this.models.Customer.updateOne({ _id: customerId }, { $addToSet: { tags: { $each: clean } } });
  }
}
