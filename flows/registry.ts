import { complaintFlow } from './complaint.flow.js';
import type { Flow } from './flow.js';
import { handOffFlow } from './hand-off.flow.js';
import { menuFlow } from './menu.flow.js';
import { onboardingFlow } from './onboarding.flow.js';
import { surveyFlow } from './survey.flow.js';
import { winBackFlow } from './win-back.flow.js';

/** Every conversation flow, by the id its postback data names. */
export const flows: readonly Flow<never>[] = [
  onboardingFlow,
  surveyFlow,
  complaintFlow,
  winBackFlow,
  handOffFlow,
  menuFlow,
] as unknown as readonly Flow<never>[];

export const flowsById: ReadonlyMap<string, Flow<never>> = new Map(flows.map((flow) => [flow.id, flow]));
