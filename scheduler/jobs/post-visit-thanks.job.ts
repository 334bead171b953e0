import { defineJob, sendingBackoff } from '../job-definition.js';
import { postVisitData, runFollowUp } from './post-visit.js';

/** The thank-you after a visit (default: the next day at 10:00), scheduled by schedulePostVisit. */
export const postVisitThanksJob = defineJob({
  id: 'post-visit-thanks',
  schema: postVisitData,
  options: { concurrency: 4, lockLifetimeMs: 5 * 60_000, backoff: sendingBackoff(), priority: 50 },
  schedule: { kind: 'once' },
  handler: (ctx, data) => runFollowUp(ctx, 'post-visit-thanks', data),
});
