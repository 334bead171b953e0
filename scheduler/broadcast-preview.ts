import { monthOf, shopDayOf } from '../src/retention/shop-time.js';
import type { Audience } from '../src/outreach/audience.js';
import type { LapseModel } from '../src/retention/lapse-model.js';
import { reachableMembers, segmentMembers, type BroadcastSegment } from './jobs/broadcast-audience.js';
import type { JobContext } from './job-context.js';

// Only the "lapsed" segment asks who has lapsed; the others need not read the scan's scores.
const NOBODY_LAPSED: LapseModel = { name: 'unused', assess: () => ({ risk: 0, lapsed: false }) };

/** What a broadcast would do if sent now. */
export interface BroadcastPreview {
  /** Following customers in the segment. */
  matched: number;
  /** Of those, the ones the contact policy would send to: each uses one LINE message. */
  recipients: number;
  /** This month's LINE quota as last read (null limit: no limit; undefined: never read). */
  quota: { limit: number | null; used: number } | undefined;
}

/**
 * Counts a broadcast's recipients with the job's own segment and policy code. The quota comes from
 * the month's stored snapshot (kept fresh by the hourly line-quota job), so a preview never waits on
 * LINE.
 */
export async function previewBroadcast(
  ctx: Pick<JobContext, 'lapse' | 'policy' | 'models' | 'clock'>,
  audience: Audience,
  segment: BroadcastSegment,
): Promise<BroadcastPreview> {
  const members = segmentMembers(audience, segment, {
    lapseModel: segment.kind === 'lapsed' ? await ctx.lapse.all() : NOBODY_LAPSED,
    zone: ctx.policy.timezone,
  });
  const reachable = reachableMembers(audience, members, `preview-${audience.today}`, ctx.policy);
  const month = monthOf(shopDayOf(ctx.clock.now(), ctx.policy.timezone));
  const snapshot = await ctx.models.LineQuota.findById(month).lean();
  return {
    matched: members.length,
    recipients: reachable.length,
    quota: snapshot ? { limit: snapshot.limit, used: snapshot.used } : undefined,
  };
}
