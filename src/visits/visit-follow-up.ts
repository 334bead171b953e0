import { markWonBack } from '../win-back/win-back-episodes.js';
import type { PostVisitApi } from '../../scheduler/post-visit-schedule.js';
import type { Models, Visit } from '../db/models/index.js';
import { ErrorCode, JorenError } from '../errors.js';
import { recordVisit, type VisitInput } from '../customers/visits.js';

/** What recording a visit with its follow-ups needs (the app context has each of these). */
export interface VisitFollowUpDeps {
  models: Pick<Models, 'Visit' | 'Customer' | 'WinBack' | 'CustomerActivity'>;
  scheduler: Pick<PostVisitApi, 'schedulePostVisit'> & {
    followUpsOf(customerId: string): Promise<{ name: string; nextRunAt?: Date | null; data?: unknown }[]>;
  };
  /** A visit within this many days of a win-back check-in counts as won back. */
  winBackWindowDays: number;
}

/** A follow-up planned for the visit: which message and when. */
export interface PlannedFollowUp {
  kind: 'thanks' | 'survey';
  at: Date;
}

export interface RecordedVisit {
  visit: Visit;
  /** False when this visit key was recorded before (a retried request): nothing changed. */
  created: boolean;
  /** Lapse episodes this visit turned into "won back". */
  wonBack: number;
  followUps: PlannedFollowUp[];
}

const KIND: Record<string, PlannedFollowUp['kind']> = {
  'post-visit-thanks': 'thanks',
  'post-visit-survey': 'survey',
};

/**
 * Records a visit and everything that follows from it, whoever records it (the /visit command, the
 * sandbox console): the visit under its idempotency key, the thank-you and survey through the
 * scheduler, and a pending win-back episode marked won back. Running it again with the same key
 * records nothing twice (the scheduler keeps one follow-up per visit) and reports the same plan.
 */
export async function recordVisitAndFollowUp(
  deps: VisitFollowUpDeps,
  input: VisitInput,
): Promise<RecordedVisit> {
  // A retried request carries the same key but is read at another instant: the first record stands.
  const earlier = await deps.models.Visit.findById(input.key).lean();
  if (earlier && earlier.customerId !== (await visitOwner(deps.models, input.customerId))) {
    throw new JorenError(ErrorCode.VisitKeyConflict, 'This visit key is already used for another visit.', {
      key: input.key,
    });
  }
  const { visit, created } = earlier
    ? { visit: earlier, created: false }
    : await recordVisit(deps.models, input);
  const wonBack = created
    ? await markWonBack(deps.models, visit.customerId, visit.at, deps.winBackWindowDays)
    : 0;
  await deps.scheduler.schedulePostVisit(visit);
  const jobs = await deps.scheduler.followUpsOf(visit.customerId);
  const followUps = jobs
    .filter((job) => (job.data as { visitId?: unknown } | undefined)?.visitId === visit._id)
    .flatMap((job) => {
      const kind = KIND[job.name];
      return kind && job.nextRunAt ? [{ kind, at: job.nextRunAt }] : [];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return { visit, created, wonBack, followUps };
}

/** Whose visit it is: a history record linked to a LINE friend records its visits on the friend. */
async function visitOwner(models: Pick<Models, 'Customer'>, customerId: string): Promise<string> {
  const customer = await models.Customer.findById(customerId, { linkedTo: 1 }).lean();
  return customer?.linkedTo ?? customerId;
}
