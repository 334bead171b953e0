import { z } from 'zod';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';
import { broadcastSegment, segmentMembers } from './broadcast-audience.js';
import { runTouchpoint } from './touchpoint-run.js';

/** A staff broadcast: one text for every consenting customer of a segment (or with one of the tags). */
const broadcastData = z.object({
  broadcastId: z.string().regex(/^[\w-]{1,64}$/, 'is not a broadcast id (letters, digits, - and _)'),
  text: z.string().trim().min(1).max(5000),
  tags: z.array(z.string().min(1)).optional(),
  /** Who it is for (the Slack modal's choice); without it, everyone or those with one of `tags`. */
  segment: broadcastSegment.optional(),
});
export type BroadcastData = z.infer<typeof broadcastData>;

/**
 * Sends a broadcast by multicast (the same message for all, ≤ 500 recipients a request), through the
 * contact policy like every other marketing touch: its priority sits between win-back check-ins and
 * seasonal greetings. The ledger key is per customer and broadcast, so a rerun sends nobody twice.
 */
export const broadcastJob = defineJob({
  id: 'broadcast',
  schema: broadcastData,
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 25 },
  schedule: { kind: 'once' },
  async handler(ctx, data) {
    const audience = await ctx.audience();
    const tags = data.tags;
    const members = data.segment
      ? segmentMembers(audience, data.segment, {
          lapseModel: await ctx.lapse.all(),
          zone: ctx.policy.timezone,
        })
      : audience.customers.filter((customer) => !tags || tags.some((tag) => customer.tags.includes(tag)));
    const candidates = members.map((customer) => ({
      customer,
      period: data.broadcastId,
      data: { text: data.text },
    }));
    const { outcome } = await runTouchpoint(ctx, {
      kind: 'broadcast',
      runKey: `broadcast:${data.broadcastId}`,
      audience,
      candidates,
      shared: [{ type: 'text', text: data.text }],
    });
    return outcome;
  },
});
