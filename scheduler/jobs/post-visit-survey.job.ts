import { postVisitJob } from './post-visit.js';

/** The satisfaction survey after a visit (default: a week later), composed by the survey flow. */
export const postVisitSurveyJob = postVisitJob('post-visit-survey');
