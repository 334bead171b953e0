import type { Customer, Models } from '../db/models/index.js';
import { JorenError } from '../errors.js';
import type { LineMessenger } from '../line/messenger.js';
import type { Logger } from '../log.js';
import { inQuietHours, nextAllowedTime, type QuietHours } from '../retention/quiet-hours.js';
import { addressName, type Templates } from '../templates/index.js';
import type { ShopVoice } from '../voice/shop-voice.js';

export interface ReferralThanksDeps {
  models: Pick<Models, 'Customer' | 'Referral'>;
  messenger: Pick<LineMessenger, 'send'>;
  /** The texts in force (the shop's versions once `voice.refresh()` has run). */
  templates: Templates;
  voice: Pick<ShopVoice, 'refresh'>;
  shopName: string;
  quietHours: QuietHours | null;
  timezone: string;
  log: Logger;
}

/**
 * The thanks a customer gets when a friend they brought follows the shop. It is a push the shop sends
 * to someone who is not in the conversation, so it keeps the quiet hours like every message the shop
 * sends on its own: a friend who follows at night has their referrer thanked when the quiet hours end
 * (`thanksDueAt` on the referral, sent by the `referral-thanks` job), and a thanks LINE did not take
 * is tried again by the same job. One thanks per referral: the send key is the friend's.
 */
export class ReferralThanks {
  constructor(private readonly deps: ReferralThanksDeps) {}

  /** Thanks the referrer of `friendId` now, or marks the thanks due when the quiet hours end. */
  async thank(friendId: string, referrerId: string, now: Date): Promise<'sent' | 'deferred' | 'skipped'> {
    const { quietHours, timezone } = this.deps;
    if (inQuietHours(now, quietHours, timezone)) {
      const due = nextAllowedTime(now, quietHours, timezone);
      await this.deps.models.Referral.updateOne({ _id: friendId }, { $set: { thanksDueAt: due } });
      return 'deferred';
    }
    const outcome = await this.send(friendId, referrerId);
    // A send LINE did not take is tried again by the job (its send key keeps it to one message).
    if (outcome === 'failed') {
      await this.deps.models.Referral.updateOne({ _id: friendId }, { $set: { thanksDueAt: now } });
      return 'deferred';
    }
    return outcome;
  }

  /**
   * Sends the thanks that came due during the quiet hours. A scan of the referrals (a few a month),
   * off the conversation path; a rerun finds nothing left, and the send key stops a second message.
   */
  async sendDue(now: Date): Promise<number> {
    if (inQuietHours(now, this.deps.quietHours, this.deps.timezone)) return 0;
    const { Referral } = this.deps.models;
    const due = await Referral.find({ thanksDueAt: { $lte: now } }).lean();
    if (due.length === 0) return 0;
    await this.deps.voice.refresh();
    let sent = 0;
    for (const referral of due) {
      const outcome = await this.send(referral._id, referral.referrerId);
      if (outcome === 'failed') continue; // still due: the next run tries again
      if (outcome === 'sent') sent++;
      await Referral.updateOne({ _id: referral._id }, { $unset: { thanksDueAt: 1 } });
    }
    return sent;
  }

  private async send(friendId: string, referrerId: string): Promise<'sent' | 'skipped' | 'failed'> {
    const { models, messenger, templates, log } = this.deps;
    const referrer = await models.Customer.findById(referrerId).lean<Customer>();
    if (referrer?.status !== 'following') return 'skipped';
    const text = templates.referralThanks({
      shopName: this.deps.shopName,
      name: addressName(referrer, templates),
    });
    try {
      const outcome = await messenger.send({
        to: referrerId,
        messages: [{ type: 'text', text }],
        key: `referral:${friendId}:thanks`,
        purpose: 'referral-thanks',
      });
      return outcome.status === 'unreachable' ? 'skipped' : 'sent';
    } catch (error) {
      // The friend's welcome must not wait on the thanks; the log keeps ids and the code only.
      log.warn(
        { referrerId, code: error instanceof JorenError ? error.code : 'INTERNAL' },
        'referral thanks not sent; tried again later',
      );
      return 'failed';
    }
  }
}
