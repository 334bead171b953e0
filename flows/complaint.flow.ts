import { DAY_MS } from '../src/retention/shop-time.js';
import { z } from 'zod';
import type { CaseTrigger, ComplaintCase, Customer } from '../src/db/models/index.js';
import { Turn, postbackButton, type Flow, type FlowDeps } from './flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';

const ID = 'complaint';
const TTL_MS = 7 * DAY_MS;

const postback = z.object({ f: z.literal(ID), c: z.string().min(1).max(80), a: z.literal('leave-it') });

/**
 * A complaint, handled in the shop's five steps: (1) acknowledge the feeling, (2) reassure that it
 * will be resolved, (3) apologise and thank them for saying so, (4) ask what would make it right and
 * keep their answer, (5) staff act on it and resolve the case, and the customer hears back
 * (ComplaintCases.resolve). The case is open, and staff know, from the first message on.
 */
export const complaintFlow: Flow<z.infer<typeof postback>> = {
  id: ID,
  postback,
  steps: ['words', 'wish'],

  async onPostback(turn, data) {
    const active = await turn.deps.conversations.active(turn.customer._id, turn.now);
    if (active?.flow !== ID || active.data.caseId !== data.c) {
      turn.text(turn.t.staleAction);
      return;
    }
    await turn.deps.cases.recordWish(data.c, turn.t.complaintLeaveItLabel);
    turn.text(turn.t.complaintReceived);
    await turn.leave();
  },

  async onText(turn, state, text) {
    const caseId = String(state.data.caseId);
    if (isKeywordCommand(text)) return false;
    if (state.step === 'words') {
      await turn.deps.cases.recordWords(caseId, text);
      turn.text(turn.t.complaintThanksForWords);
      askWish(turn, caseId);
      await turn.enter(ID, 'wish', { caseId }, TTL_MS);
      return true;
    }
    if (state.step === 'wish') {
      await turn.deps.cases.recordWish(caseId, text);
      turn.text(turn.t.complaintReceived);
      await turn.leave();
      return true;
    }
    return false;
  },
};

/**
 * Starts the complaint flow in this turn: opens the case (once per trigger) and says steps 1–3, then
 * asks what happened — or, when their words are already known, the magic question.
 */
export async function startComplaint(
  turn: Turn,
  input: { trigger: CaseTrigger; triggerRef?: string; words?: string },
): Promise<ComplaintCase> {
  const complaint = await turn.deps.cases.open({ customer: turn.customer, ...input, by: 'joren' });
  turn.purpose = 'complaint';
  sayOpening(turn);
  if (input.words) {
    askWish(turn, complaint._id);
    await turn.enter(ID, 'wish', { caseId: complaint._id }, TTL_MS);
  } else {
    turn.text(turn.t.complaintAskWhat);
    await turn.enter(ID, 'words', { caseId: complaint._id }, TTL_MS);
  }
  return complaint;
}

/**
 * A staff member opens a case for a customer (a complaint made by phone or at the counter): the
 * customer receives the same first steps by push, and their answer is kept on the case.
 */
export async function openComplaintForCustomer(
  deps: FlowDeps,
  input: { customer: Customer; by: string; words?: string },
): Promise<ComplaintCase> {
  const complaint = await deps.cases.open({
    customer: input.customer,
    trigger: 'staff',
    ...(input.words ? { words: input.words } : {}),
    by: input.by,
  });
  if (input.customer.status !== 'following') return complaint;
  const turn = new Turn(deps, input.customer, `case:${complaint._id}`, deps.clock.now(), undefined);
  turn.purpose = 'complaint';
  sayOpening(turn);
  askWish(turn, complaint._id);
  await turn.enter(ID, 'wish', { caseId: complaint._id }, TTL_MS);
  await turn.flush(`case:${complaint._id}:opening`);
  return complaint;
}

function sayOpening(turn: Turn): void {
  turn.text(turn.t.complaintAcknowledge({ name: turn.name }));
  turn.text(turn.t.complaintReassure);
  turn.text(turn.t.complaintApologize);
}

function askWish(turn: Turn, caseId: string): void {
  turn.text(turn.t.complaintMagicQuestion, [
    postbackButton(turn.t.complaintLeaveItLabel, postbackData(ID, { c: caseId, a: 'leave-it' })),
  ]);
}
