import type { Clock } from '../clock.js';
import { isDuplicateKeyError } from '../errors.js';
import type { Customer, Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { startActivity } from './customer-activity.js';
import { classifyLineFailure, type LineApi } from '../line/line-api.js';

export interface FollowResult {
  customer: Customer;
  /** They had followed before (re-follow after blocking): welcome back, do not onboard again. */
  returning: boolean;
}

/**
 * Keeps customer records in step with LINE: follow creates or reactivates, unfollow marks the
 * customer blocked (unreachable; the record and history stay, and they count as lost). An event
 * older than what the record already knows (a late redelivery) does not undo a newer one.
 */
export class CustomerRecords {
  constructor(
    private readonly deps: {
      models: Pick<Models, 'Customer' | 'CustomerActivity'>;
      line: Pick<LineApi, 'getProfile'>;
      clock: Clock;
      log: Logger;
    },
  ) {}

  async recordFollow(userId: string, at: Date): Promise<FollowResult> {
    const { Customer } = this.deps.models;
    const existing = await Customer.findById(userId).lean();
    const displayName = await this.profileName(userId);

    if (!existing) {
      try {
        const created = await Customer.create({
          _id: userId,
          lineUserId: userId,
          status: 'following',
          followedAt: at,
          ...(displayName ? { displayName } : {}),
        });
        // Nothing of theirs is stored yet: their activity document needs no backfill.
        await startActivity(this.deps.models, userId);
        return { customer: created.toObject(), returning: false };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      return this.recordFollow(userId, at);
    }

    const returning = existing.followedAt !== undefined || existing.status === 'blocked';
    if (existing.unfollowedAt && existing.unfollowedAt > at) return { customer: existing, returning };
    const updated = await Customer.findOneAndUpdate(
      { _id: userId },
      {
        $set: {
          status: 'following',
          followedAt: at,
          lineUserId: userId,
          ...(displayName ? { displayName } : {}),
        },
        $unset: { unreachableReason: 1 },
      },
      { returnDocument: 'after', lean: true },
    );
    return { customer: updated ?? existing, returning };
  }

  async recordUnfollow(userId: string, at: Date): Promise<void> {
    const { Customer } = this.deps.models;
    const existing = await Customer.findById(userId).lean();
    if (existing?.followedAt && existing.followedAt > at) return;
    await Customer.updateOne(
      { _id: userId },
      {
        $set: { status: 'blocked', unreachableReason: 'unfollowed', unfollowedAt: at },
        $setOnInsert: { lineUserId: userId },
      },
      { upsert: true },
    );
  }

  /**
   * The customer behind a LINE user id, recorded if they wrote before Joren knew them (a friend from
   * before Joren was installed, or a message that overtook its follow event). No follow is recorded,
   * so a follow that arrives later still onboards them as new.
   */
  async ensureKnown(userId: string): Promise<Customer> {
    const { Customer } = this.deps.models;
    const found = await Customer.findById(userId).lean();
    if (found) return found;
    const displayName = await this.profileName(userId);
    await Customer.updateOne(
      { _id: userId },
      { $setOnInsert: { lineUserId: userId, status: 'following', ...(displayName ? { displayName } : {}) } },
      { upsert: true },
    );
    return (await Customer.findById(userId).lean())!;
  }

  private async profileName(userId: string): Promise<string | undefined> {
    try {
      const profile = await this.deps.line.getProfile(userId);
      return profile.displayName;
    } catch (error) {
      // 404: the user blocked the account or did not consent to sharing their profile.
      const failure = classifyLineFailure(error);
      this.deps.log.info({ customerId: userId, status: failure.status }, 'LINE profile unavailable');
      return undefined;
    }
  }
}
