import type { ErasureStep } from '../customers/customer-erasure.js';
import type { Models } from '../db/models/index.js';

/**
 * Forgetting a customer (`/forget`) in what the shop's voice keeps about them: their wishes keep only
 * the theme (their words go) under the anonymous token, so the counts per theme stay; the referrals
 * they made or came through keep only the month and the anonymous token; their referral codes go.
 * Template and newsletter previews are rendered into a staff member's open modal and stored nowhere.
 */
export function voiceErasureStep(models: Pick<Models, 'Wish' | 'Referral' | 'ReferralCode'>): ErasureStep {
  return {
    name: 'wishesAndReferrals',
    async run({ customerId, token }) {
      const anonymous = `forgotten:${token}`;
      const wishes = await models.Wish.updateMany(
        { customerId },
        { $set: { customerId: anonymous }, $unset: { text: 1 } },
      );
      const asReferrer = await models.Referral.updateMany(
        { referrerId: customerId },
        { $set: { referrerId: anonymous, code: 'forgotten' } },
      );
      let asFriend = 0;
      const own = await models.Referral.findById(customerId).lean();
      if (own) {
        // Keyed by the customer's id: re-keyed under the token (which never leads back to them).
        await models.Referral.updateOne(
          { _id: anonymous },
          { $setOnInsert: { referrerId: own.referrerId, code: 'forgotten', at: own.at } },
          { upsert: true },
        );
        asFriend = (await models.Referral.deleteOne({ _id: customerId })).deletedCount;
      }
      const codes = await models.ReferralCode.deleteMany({ customerId });
      return wishes.modifiedCount + asReferrer.modifiedCount + asFriend + codes.deletedCount;
    },
  };
}
