import { defineJob, sendingBackoff } from '../job-definition.js';
import { postVisitData, runFollowUp } from './post-visit.js';

/** The satisfaction survey after a visit (default: a week later), composed by the survey flow. */
export const postVisitSurveyJob = defineJob({
  id: 'post-visit-survey',
  schema: postVisitData,
  options: { concurrency: 4, lockLifetimeMs: 5 * 60_000, backoff: sendingBackoff(), priority: 50 },
  schedule: { kind: 'once' },
  handler: (ctx, data) => runFollowUp(ctx, 'post-visit-survey', data),
});
