import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';

/** Staff's 喪中 mark on a customer (set and cleared on the customer card in Slack). */
export class Mourning {
  constructor(private readonly deps: { models: Pick<Models, 'Customer'>; clock: Clock }) {}

  /** Marks (or clears) the customer as in mourning; false when there is no such customer. */
  async set(customerId: string, inMourning: boolean): Promise<boolean> {
    const { matchedCount } = await this.deps.models.Customer.updateOne(
      { _id: customerId },
      inMourning
        ? { $set: { mourningMarkedAt: this.deps.clock.now() } }
        : { $unset: { mourningMarkedAt: 1 } },
    );
    return matchedCount === 1;
  }
}
