import { postVisitJob } from './post-visit.js';

/** The thank-you after a visit (default: the next day at 10:00), scheduled by schedulePostVisit. */
export const postVisitThanksJob = postVisitJob('post-visit-thanks');
