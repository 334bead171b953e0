import { DAY_MS } from '../src/retention/shop-time.js';
import { addActivity } from '../src/customers/customer-activity.js';
import { z } from 'zod';
import type { Survey } from '../src/db/models/index.js';
import type { TouchpointComposer } from '../src/outreach/touchpoints.js';
import { addressName } from '../src/templates/index.js';
import { startComplaint } from './complaint.flow.js';
import { postbackButton, textMessage, type Flow, type FlowDeps, type Turn } from './flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';
import { expectAnswerAfterScheduledMessage } from './scheduled-entry.js';
import { isQuestionLike, isSkip } from './text/answers.js';
import { detectDissatisfaction } from './text/dissatisfaction.js';
import { parseRating } from './text/rating-parser.js';
import { askForReferral } from './referral.flow.js';
import { askWishIfDue } from './wish.flow.js';
import { clipWords } from '../src/text/clip-text.js';

const ID = 'survey';
/** How long after it was sent a survey still takes answers. */
const ANSWER_WINDOW_MS = 30 * DAY_MS;
const STATE_TTL_MS = 14 * DAY_MS;
/**
 * A 5 from the survey's quick reply tags the customer, so staff can reach their fans with
 * `/broadcast` by tag (a review request, an introduction campaign).
 */
export const DELIGHTED_TAG = '高評価';

const visitId = z.string().min(1).max(64);
const postback = z.union([
  z.object({ f: z.literal(ID), v: visitId, r: z.enum(['1', '2', '3', '4', '5']).transform(Number) }),
  z.object({ f: z.literal(ID), v: visitId, c: z.literal('none') }),
]);
type SurveyPostback = z.infer<typeof postback>;

/**
 * The satisfaction survey after a visit: a rating from 1 to 5 by quick reply (or typed), then an
 * optional comment — for a 3 (ふつう), one gentle question about what could be better instead. 1–2,
 * or a clearly unhappy comment, opens the complaint flow (staff are alerted); 5 is thanked and asked
 * for an introduction with their referral code. No review request depends on the rating (that would
 * be review gating): the review invitation goes to everyone with the thank-you. Once every few months
 * per customer the survey ends with the open question of wish.flow.ts. Answering twice, answering an
 * old survey, and typing instead of tapping are all answered politely and change nothing wrongly.
 */
export const surveyFlow: Flow<SurveyPostback> = {
  id: ID,
  postback,
  steps: ['rating', 'comment'],

  async onPostback(turn, data) {
    if ('r' in data) return rate(turn, data.v, data.r);
    const active = await turn.deps.conversations.active(turn.customer._id, turn.now);
    if (active?.flow !== ID || active.step !== 'comment' || active.data.visitId !== data.v) {
      turn.text(turn.t.surveyAlreadyAnswered);
      return;
    }
    await finishComment(turn, data.v, Number(active.data.rating), undefined);
  },

  async onText(turn, state, text) {
    const id = String(state.data.visitId);
    if (isKeywordCommand(text)) return false;
    if (state.step === 'rating') {
      const rating = parseRating(text);
      if (rating !== undefined) {
        await rate(turn, id, rating);
        return true;
      }
      if (detectDissatisfaction(text).dissatisfied) {
        await turn.deps.models.Survey.updateOne(
          { _id: id },
          { $set: { comment: clipWords(text), commentedAt: turn.now } },
        );
        await openComplaint(turn, id, text);
        return true;
      }
      if (isQuestionLike(text) || text.length > 30) return false;
      turn.text(turn.t.ratingRetry, ratingButtons(turn, id));
      return true;
    }
    if (state.step === 'comment') {
      await finishComment(turn, id, Number(state.data.rating), isSkip(text) ? undefined : text);
      return true;
    }
    return false;
  },
};

/** The scheduler's 'post-visit-survey' touchpoint: `ref` is the visit id. */
export function surveyComposer(deps: FlowDeps): TouchpointComposer {
  return {
    async compose({ customer, ref }) {
      if (!ref) return null;
      await deps.voice.refresh();
      const visit = await deps.models.Visit.findById(ref).lean();
      if (!visit || visit.customerId !== customer._id) return null;
      const survey = await ensureSurvey(deps, visit);
      if (survey.status !== 'scheduled' && survey.status !== 'sent') return null;
      const text = deps.templates.surveyInvite({
        shopName: deps.shop.name,
        name: addressName(customer, deps.templates),
        menu: visit.menu,
      });
      return [textMessage(text, ratingButtonsFor(deps, ref))];
    },
    async onSent({ customer, ref, now }) {
      if (!ref) return;
      await deps.models.Survey.updateOne(
        { _id: ref, status: 'scheduled' },
        { $set: { status: 'sent', sentAt: now } },
      );
      await expectAnswerAfterScheduledMessage(deps, customer._id, now, STATE_TTL_MS, {
        flow: ID,
        step: 'rating',
        data: { visitId: ref },
      });
    },
  };
}

async function ensureSurvey(
  deps: FlowDeps,
  visit: { _id: string; customerId: string; at: Date; menu?: string },
): Promise<Survey> {
  await deps.models.Survey.updateOne(
    { _id: visit._id },
    {
      $setOnInsert: {
        customerId: visit.customerId,
        visitAt: visit.at,
        ...(visit.menu ? { menu: visit.menu } : {}),
        status: 'scheduled',
      },
    },
    { upsert: true },
  );
  return (await deps.models.Survey.findById(visit._id).lean())!;
}

async function rate(turn: Turn, id: string, rating: number): Promise<void> {
  const { Survey } = turn.deps.models;
  const survey = turn.ownRecord(await Survey.findById(id).lean());
  if (!survey) return;
  if (survey.rating !== undefined) {
    turn.text(turn.t.surveyAlreadyAnswered);
    return;
  }
  const expired =
    survey.sentAt !== undefined && turn.now.getTime() - survey.sentAt.getTime() > ANSWER_WINDOW_MS;
  if (survey.status !== 'sent' || expired) {
    if (expired) await Survey.updateOne({ _id: id }, { $set: { status: 'expired' } });
    turn.text(turn.t.surveyClosed);
    return;
  }
  await Survey.updateOne({ _id: id }, { $set: { rating, ratedAt: turn.now, status: 'answered' } });
  await addActivity(turn.deps.models, survey.customerId, 'ratings', [id]);
  turn.purpose = 'survey';
  if (rating <= 2) {
    await openComplaint(turn, id, undefined);
    return;
  }
  if (rating === 5) await turn.deps.tags.addTags(turn.customer._id, [DELIGHTED_TAG]);
  turn.text(rating === 5 ? turn.t.surveyThanksHigh : turn.t.surveyThanks);
  // Most unhappy customers never complain: a 3 gets one gentle question rather than the plain request.
  turn.text(rating === 3 ? turn.t.askNeutralComment : turn.t.askComment, [
    postbackButton(turn.t.noCommentLabel, postbackData(ID, { v: id, c: 'none' })),
  ]);
  await turn.enter(ID, 'comment', { visitId: id, rating }, STATE_TTL_MS);
}

async function finishComment(
  turn: Turn,
  id: string,
  rating: number,
  comment: string | undefined,
): Promise<void> {
  if (comment) {
    await turn.deps.models.Survey.updateOne(
      { _id: id },
      { $set: { comment: clipWords(comment), commentedAt: turn.now } },
    );
    if (detectDissatisfaction(comment).dissatisfied) {
      await openComplaint(turn, id, comment);
      return;
    }
    turn.text(turn.t.commentThanks);
  }
  if (rating === 5) {
    await askForReferral(turn, turn.t.referralAsk({ shopName: turn.deps.shop.name, name: turn.name }));
  } else if (!comment) turn.text(turn.t.surveyThanks);
  if (!(await askWishIfDue(turn, id))) await turn.leave();
}

async function openComplaint(turn: Turn, id: string, words: string | undefined): Promise<void> {
  const complaint = await startComplaint(turn, {
    trigger: 'survey',
    triggerRef: id,
    ...(words ? { words } : {}),
  });
  await turn.deps.models.Survey.updateOne({ _id: id }, { $set: { complaintCaseId: complaint._id } });
}

function ratingButtons(turn: Turn, id: string) {
  return ratingButtonsFor(turn.deps, id);
}

function ratingButtonsFor(deps: FlowDeps, id: string) {
  return [5, 4, 3, 2, 1].map((rating) =>
    postbackButton(deps.templates.ratingLabels[rating]!, postbackData(ID, { v: id, r: rating })),
  );
}
