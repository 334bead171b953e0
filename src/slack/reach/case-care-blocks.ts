import { caseSteps, type ComplaintCase } from '../../db/models/index.js';
import { kit, type Block } from '../blocks/kit.js';
import { formatMoment, type StaffText } from '../text/index.js';
import { reachTextFor } from '../text/ops-text.js';
import { CASE_STEP } from './reach-actions.js';

/**
 * What a case card adds for a complaint heard in person — the five steps as a checklist of buttons
 * (☑ done, ☐ not yet) for the person handling it — and, after a resolution, the follow-up a week on.
 */
export function caseCareBlocks(complaint: ComplaintCase, t: StaffText, timeZone: string): Block[] {
  const r = reachTextFor(t);
  const blocks: Block[] = [];
  if (complaint.trigger === 'in-person') {
    const done = new Set(complaint.steps ?? []);
    blocks.push(
      kit.context(r.stepsTitle),
      kit.actions(
        `case-steps:${complaint._id}`.slice(0, 255),
        ...caseSteps.map((step) =>
          kit.button(
            `${done.has(step) ? '☑' : '☐'} ${r.steps[step] ?? step}`,
            `${CASE_STEP}:${step}`,
            JSON.stringify({ c: complaint._id, s: step }),
            done.has(step) ? {} : { style: 'primary' },
          ),
        ),
      ),
    );
  }
  const followUp = complaint.followUp;
  if (followUp) {
    blocks.push(
      kit.context(
        followUp.rating !== undefined && followUp.answeredAt
          ? r.followUpAnswered({ rating: followUp.rating, at: formatMoment(followUp.answeredAt, timeZone) })
          : r.followUpAsked({ at: formatMoment(followUp.askedAt, timeZone) }),
      ),
    );
  }
  return blocks;
}
