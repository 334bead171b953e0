import { DAY_MS } from '../src/retention/shop-time.js';
import { z } from 'zod';
import type { LapseReason } from '../src/db/models/index.js';
import type { TouchpointComposer } from '../src/outreach/touchpoints.js';
import { addressName } from '../src/templates/index.js';
import { startComplaint } from './complaint.flow.js';
import { postbackButton, textMessage, type Flow, type FlowDeps, type Turn } from './flow.js';
import { handOff } from './hand-off.flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';
import { expectAnswerAfterScheduledMessage } from './scheduled-entry.js';
import { detectDissatisfaction } from './text/dissatisfaction.js';
import { askForReferral } from './referral.flow.js';
import { clipWords } from '../src/text/clip-text.js';

const ID = 'win-back';
const STATE_TTL_MS = 14 * DAY_MS;
const REASONS = ['timing', 'problem', 'changed', 'other'] as const;

const postback = z.object({ f: z.literal(ID), e: z.string().min(1).max(120), r: z.enum(REASONS) });
type WinBackPostback = z.infer<typeof postback>;

/**
 * The check-in for a customer who has lapsed: 「お久しぶりです」 and the three usual reasons. No
 * particular reason → welcome back, what is new, how to book; something went wrong → apology and the
 * complaint flow; circumstances changed → thanks and a light request for an introduction, with their
 * referral code and link; anything
 * else → their own words, for staff. The reason and the outcome are kept on the lapse episode.
 */
export const winBackFlow: Flow<WinBackPostback> = {
  id: ID,
  postback,
  steps: ['reason', 'other-text'],

  async onPostback(turn, data) {
    await answer(turn, data.e, data.r, undefined);
  },

  async onText(turn, state, text) {
    const episode = String(state.data.episodeId);
    if (isKeywordCommand(text)) return false;
    if (state.step === 'reason') {
      const reason: LapseReason = detectDissatisfaction(text).dissatisfied ? 'problem' : 'other';
      await answer(turn, episode, reason, text);
      return true;
    }
    if (state.step === 'other-text') {
      await recordOther(turn, episode, text);
      return true;
    }
    return false;
  },
};

/** The scheduler's 'win-back' touchpoint: `ref` is the WinBack (lapse episode) id. */
export function winBackComposer(deps: FlowDeps): TouchpointComposer {
  return {
    async compose({ customer, ref }) {
      if (!ref) return null;
      const episode = await deps.models.WinBack.findById(ref).lean();
      if (!episode || episode.customerId !== customer._id || episode.outcome !== 'pending' || episode.reason)
        return null;
      await deps.voice.refresh();
      const text = deps.templates.winBackCheckIn({
        shopName: deps.shop.name,
        name: addressName(customer, deps.templates),
      });
      const buttons = REASONS.map((reason) =>
        postbackButton(deps.templates.winBackLabels[reason], postbackData(ID, { e: ref, r: reason })),
      );
      return [textMessage(text, buttons)];
    },
    async onSent({ customer, ref, now }) {
      if (!ref) return;
      await deps.models.WinBack.updateOne({ _id: ref }, { $set: { checkInSentAt: now } });
      await expectAnswerAfterScheduledMessage(deps, customer._id, now, STATE_TTL_MS, {
        flow: ID,
        step: 'reason',
        data: { episodeId: ref },
      });
    },
  };
}

async function answer(
  turn: Turn,
  episodeId: string,
  reason: LapseReason,
  words: string | undefined,
): Promise<void> {
  const { WinBack } = turn.deps.models;
  const episode = turn.ownRecord(await WinBack.findById(episodeId).lean());
  if (!episode) return;
  if (episode.reason) {
    turn.text(turn.t.winBackAlreadyAnswered);
    return;
  }
  await WinBack.updateOne(
    { _id: episodeId },
    {
      $set: {
        reason,
        repliedAt: turn.now,
        ...(episode.outcome === 'pending' ? { outcome: 'replied' } : {}),
        ...(words ? { replyText: clipWords(words) } : {}),
      },
    },
  );
  turn.purpose = 'win-back';
  const { t } = turn;
  switch (reason) {
    case 'timing':
      turn.text(t.winBackTiming);
      turn.text(t.whatsNew({ shopName: turn.deps.shop.name }));
      turn.text(t.bookingInvite({ bookingUrl: turn.deps.shop.bookingUrl }));
      await turn.leave();
      return;
    case 'problem':
      await startComplaint(turn, { trigger: 'win-back', triggerRef: episodeId, ...(words ? { words } : {}) });
      return;
    case 'changed':
      await askForReferral(turn, t.winBackChanged({ shopName: turn.deps.shop.name, name: turn.name }));
      await turn.leave();
      return;
    case 'other':
      if (words) return recordOther(turn, episodeId, words);
      turn.text(t.winBackAskOther);
      await turn.enter(ID, 'other-text', { episodeId }, STATE_TTL_MS);
      return;
  }
}

async function recordOther(turn: Turn, episodeId: string, text: string): Promise<void> {
  await turn.deps.models.WinBack.updateOne({ _id: episodeId }, { $set: { replyText: clipWords(text) } });
  const logged = await turn.deps.models.Message.findById(`in:${turn.eventId}`).lean();
  if (logged) await handOff(turn, logged, 'win-back');
  turn.text(turn.t.winBackOtherThanks);
  await turn.leave();
}
