import { z } from 'zod';
import {
  factsOf,
  historyOf,
  lastContactDay,
  type Audience,
  type AudienceCustomer,
} from '../../src/outreach/audience.js';
import { decideContact, type ContactPolicySettings } from '../../src/retention/contact-policy.js';
import type { LapseModel } from '../../src/retention/lapse-model.js';
import { daysBetween } from '../../src/retention/shop-time.js';
import { ledgerKey } from '../../src/retention/touchpoint-due.js';

/** Who a staff broadcast is for: everyone, the lapsed, this month's birthdays, a tag, or the long quiet. */
export const broadcastSegment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('lapsed') }),
  z.object({ kind: z.literal('birthday-month') }),
  z.object({ kind: z.literal('tag'), tag: z.string().trim().min(1).max(50) }),
  z.object({ kind: z.literal('quiet'), days: z.number().int().min(1).max(365) }),
]);
export type BroadcastSegment = z.infer<typeof broadcastSegment>;

/**
 * The customers of a segment, from the audience a run reads (following customers only). "Lapsed" is
 * the lapse model's verdict (the app's is the last lapse scan's: the same list as /lapsed); "quiet" means no message, visit or follow in the last `days` shop days.
 */
export function segmentMembers(
  audience: Audience,
  segment: BroadcastSegment,
  deps: { lapseModel: LapseModel; zone: string },
): AudienceCustomer[] {
  const month = Number(audience.today.slice(5, 7));
  const keep = (customer: AudienceCustomer): boolean => {
    switch (segment.kind) {
      case 'all':
        return true;
      case 'lapsed':
        return deps.lapseModel.assess(customer, audience.now).lapsed;
      case 'birthday-month':
        return customer.birthday?.month === month;
      case 'tag':
        return customer.tags.includes(segment.tag);
      case 'quiet': {
        const last = lastContactDay(audience, customer, deps.zone);
        return last === undefined || daysBetween(last, audience.today) >= segment.days;
      }
    }
  };
  return audience.customers.filter(keep);
}

/**
 * Of the members, those the contact policy would not skip for this broadcast: opted out of marketing,
 * an open complaint, already sent, a frequency cap reached. (Quiet hours only delay a send; the
 * month's budget is decided when the run goes.) The Slack preview counts with this, the job sends to
 * the same people.
 */
export function reachableMembers(
  audience: Audience,
  members: AudienceCustomer[],
  broadcastId: string,
  policy: ContactPolicySettings,
): AudienceCustomer[] {
  return members.filter((customer) => {
    const request = {
      kind: 'broadcast' as const,
      key: ledgerKey('broadcast', broadcastId, customer._id),
      period: broadcastId,
      now: audience.now,
    };
    const decision = decideContact(
      request,
      factsOf(audience, customer),
      historyOf(audience, customer._id),
      policy,
    );
    return decision.verdict !== 'skip';
  });
}
