import type { ConversationHandler } from '../src/conversation/conversation-handler.js';
import type { TouchpointComposers } from '../src/outreach/touchpoints.js';
import { startComplaint } from './complaint.flow.js';
import { Turn, type FlowDeps } from './flow.js';
import { handleCheckIn } from './check-in.flow.js';
import { handOff } from './hand-off.flow.js';
import { handleLinkCode } from './link-code.flow.js';
import { handleKeyword } from './menu.flow.js';
import { startOnboarding } from './onboarding.flow.js';
import { readPostbackData } from './postback-data.js';
import { handleReferralCode } from './referral.flow.js';
import { flowsById } from './registry.js';
import { surveyComposer } from './survey.flow.js';
import { detectDissatisfaction } from './text/dissatisfaction.js';
import { normalizeTyped } from './text/normalize.js';
import { winBackComposer } from './win-back.flow.js';

/**
 * Routes what a customer does to the flows — the one place that decides where it goes: a postback to
 * the flow its data names; a message that is a check-in code to the check-in, a link code to the
 * linking, a referral code to the referral (in any flow: onboarding goes on after it), else to the customer's
 * active flow, else to the keyword commands, else — if it is unhappy — the complaint flow, else to
 * staff. Whatever the flows say in a turn goes out as one reply.
 */
export function createFlowRouter(deps: FlowDeps): ConversationHandler {
  const turnFor = async (
    customer: Parameters<ConversationHandler['onFollow']>[0]['customer'],
    eventId: string,
    at: Date,
    reply: Turn['reply'],
  ) => {
    // The shop's own texts as of now (read again at most every 30 seconds): `turn.t` shows them.
    await deps.voice.refresh();
    return new Turn(deps, customer, eventId, deps.clock.now() > at ? deps.clock.now() : at, reply);
  };

  return {
    async onFollow({ customer, returning, event, reply }) {
      const turn = await turnFor(customer, event.webhookEventId, new Date(event.timestamp), reply);
      if (returning) {
        turn.purpose = 'welcome-back';
        turn.text(turn.t.welcomeBack({ shopName: deps.shop.name, name: turn.name }));
        await turn.leave();
      } else {
        await startOnboarding(turn);
      }
      await turn.flush();
    },

    async onPostback({ customer, event, reply }) {
      const turn = await turnFor(customer, event.webhookEventId, new Date(event.timestamp), reply);
      const fields = readPostbackData(event.postback.data);
      const flow = fields?.f ? flowsById.get(fields.f) : undefined;
      if (!fields || !flow || !(await flow.postback(turn, fields, event.postback.params))) {
        // A stale or forged button: answer politely, change nothing.
        deps.log.info({ customerId: customer._id, flow: fields?.f }, 'postback not understood');
        turn.text(turn.t.staleAction);
      }
      await turn.flush();
    },

    async onMessage({ customer, event, logged, reply }) {
      const turn = await turnFor(customer, event.webhookEventId, new Date(event.timestamp), reply);
      const typed = event.message.type === 'text' ? (event.message.text ?? '') : undefined;
      if (typed !== undefined && (await handleCheckIn(turn, typed))) {
        await turn.flush(`event:${event.webhookEventId}:check-in`);
        return;
      }
      if (typed !== undefined && (await handleLinkCode(turn, typed))) {
        await turn.flush(`event:${event.webhookEventId}:link-code`);
        return;
      }
      if (typed !== undefined && (await handleReferralCode(turn, typed))) {
        await turn.flush(`event:${event.webhookEventId}:referral`);
        return;
      }
      const text = typed === undefined ? undefined : normalizeTyped(typed);
      if (text !== undefined && (await handleText(turn, text))) {
        await turn.flush();
        return;
      }
      if (text !== undefined && detectDissatisfaction(text).dissatisfied) {
        await handOff(turn, logged, 'complaint');
        await startComplaint(turn, { trigger: 'message', triggerRef: event.webhookEventId, words: text });
      } else {
        await handOff(turn, logged);
      }
      await turn.flush();
    },
  };

  async function handleText(turn: Turn, text: string): Promise<boolean> {
    const active = await deps.conversations.active(turn.customer._id, turn.now);
    const flow = active ? flowsById.get(active.flow) : undefined;
    if (active && flow?.onText && (await flow.onText(turn, active, text))) return true;
    return handleKeyword(turn, text);
  }
}

/** Registers the flows' scheduled messages (survey, win-back check-in) with the scheduler. */
export function registerFlowComposers(composers: TouchpointComposers, deps: FlowDeps): void {
  composers.register('post-visit-survey', surveyComposer(deps));
  composers.register('win-back', winBackComposer(deps));
}
