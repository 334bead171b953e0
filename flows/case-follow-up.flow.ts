import { z } from 'zod';
import type { Customer } from '../src/db/models/index.js';
import type { LineMessage } from '../src/line/line-api.js';
import { addressName } from '../src/templates/index.js';
import { postbackButton, textMessage, type Flow, type FlowDeps } from './flow.js';
import { postbackData } from './postback-data.js';

const ID = 'case-follow-up';

const postback = z.object({
  f: z.literal(ID),
  c: z.string().min(1).max(200),
  r: z.enum(['1', '2', '3', '4', '5']).transform(Number),
});

/**
 * A week after a complaint was resolved the customer is asked how things are now (CaseCare sends
 * it); their rating by quick reply goes on the case card. 1–2 is apologised for and staff follow up.
 */
export const caseFollowUpFlow: Flow<z.infer<typeof postback>> = {
  id: ID,
  postback,
  steps: [],
  async onPostback(turn, data) {
    const outcome = await turn.deps.caseCare.recordFollowUp(data.c, turn.customer._id, data.r);
    turn.purpose = 'case-follow-up';
    if (outcome === 'stale') turn.text(turn.t.staleAction);
    else if (outcome === 'answered') turn.text(turn.t.caseFollowUpAnswered);
    else turn.text(data.r <= 2 ? turn.t.caseFollowUpSorry : turn.t.caseFollowUpThanks);
  },
};

/** The follow-up question with its five rating buttons. */
export function caseFollowUpMessages(
  deps: Pick<FlowDeps, 'templates'>,
  customer: Customer,
  caseId: string,
): LineMessage[] {
  const t = deps.templates;
  const buttons = [5, 4, 3, 2, 1].map((rating) =>
    postbackButton(t.ratingLabels[rating]!, postbackData(ID, { c: caseId, r: rating })),
  );
  return [textMessage(t.caseFollowUp({ name: addressName(customer, t) }), buttons)];
}
