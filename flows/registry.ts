import { complaintFlow } from './complaint.flow.js';
import type { ActiveFlow } from '../src/conversation/conversation-store.js';
import type { Flow, PostbackParams, Turn } from './flow.js';
import { handOffFlow } from './hand-off.flow.js';
import { menuFlow } from './menu.flow.js';
import { onboardingFlow } from './onboarding.flow.js';
import { surveyFlow } from './survey.flow.js';
import { winBackFlow } from './win-back.flow.js';
import { phoneLinkFlow } from './phone-link.flow.js';
import { caseFollowUpFlow } from './case-follow-up.flow.js';
import { wishFlow } from './wish.flow.js';

/** A flow as the router holds it: its postback type erased, it parses its own postback data. */
export interface RegisteredFlow {
  id: string;
  steps: readonly string[];
  /** Handles the postback's fields if the flow's schema accepts them; false (nothing done) if not. */
  postback(turn: Turn, fields: Record<string, string>, params: PostbackParams | undefined): Promise<boolean>;
  onText?(turn: Turn, state: ActiveFlow, text: string): Promise<boolean>;
}

/** Erases a flow's postback type behind its own parse. */
function registered<P>(flow: Flow<P>): RegisteredFlow {
  return {
    id: flow.id,
    steps: flow.steps,
    async postback(turn, fields, params) {
      const parsed = flow.postback.safeParse(fields);
      if (!parsed.success) return false;
      await flow.onPostback(turn, parsed.data, params);
      return true;
    },
    ...(flow.onText ? { onText: (turn, state, text) => flow.onText!(turn, state, text) } : {}),
  };
}

/** Every conversation flow, by the id its postback data names. */
const flows: readonly RegisteredFlow[] = [
  registered(onboardingFlow),
  registered(surveyFlow),
  registered(complaintFlow),
  registered(winBackFlow),
  registered(handOffFlow),
  registered(menuFlow),
  registered(phoneLinkFlow),
  registered(caseFollowUpFlow),
  registered(wishFlow),
];

export const flowsById: ReadonlyMap<string, RegisteredFlow> = new Map(flows.map((flow) => [flow.id, flow]));
