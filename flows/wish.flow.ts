import { z } from 'zod';
import { DAY_MS } from '../src/retention/shop-time.js';
import { themeOfWords, wishTags } from '../src/wishes/wishes.js';
import { postbackButton, type Flow, type Turn } from './flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';
import { isSkip } from './text/answers.js';
import { detectDissatisfaction } from './text/dissatisfaction.js';

const ID = 'wish';
const TTL_MS = 7 * DAY_MS;
const CHOICES = ['service', 'time', 'product', 'none'] as const;

const postback = z.object({ f: z.literal(ID), v: z.string().min(1).max(64), w: z.enum(CHOICES) });
type WishPostback = z.infer<typeof postback>;

/**
 * The survey's open question, once every few months per customer: what they would like from the
 * shop. A quick reply (a new menu, the opening hours, products) is kept with its theme and tags the
 * customer; words they type are kept as they wrote them; 「特にありません」 ends it.
 */
export const wishFlow: Flow<WishPostback> = {
  id: ID,
  postback,
  steps: ['wish'],

  async onPostback(turn, data) {
    const survey = turn.ownRecord(await turn.deps.models.Survey.findById(data.v).lean());
    if (!survey) return;
    if (data.w === 'none') {
      turn.text(turn.t.wishNone);
      return leaveIfHere(turn, data.v);
    }
    const kept = await turn.deps.wishes.record({
      visitId: data.v,
      customerId: turn.customer._id,
      theme: data.w,
    });
    if (kept) await turn.deps.tags.addTags(turn.customer._id, [wishTags[data.w]]);
    turn.text(kept ? turn.t.wishThanks : turn.t.surveyAlreadyAnswered);
    await leaveIfHere(turn, data.v);
  },

  async onText(turn, state, text) {
    if (state.step !== 'wish' || isKeywordCommand(text)) return false;
    // A question goes to staff, an unhappy message to the complaint flow: neither is a wish. (Not
    // isQuestionLike: 「〜してほしい」「〜したい」「〜してください」 are how wishes are written.)
    if (/[?？]/.test(text) || detectDissatisfaction(text).dissatisfied) return false;
    const visitId = String(state.data.visitId);
    if (isSkip(text)) {
      turn.text(turn.t.wishNone);
    } else {
      await turn.deps.wishes.record({
        visitId,
        customerId: turn.customer._id,
        theme: themeOfWords(text),
        text,
      });
      turn.text(turn.t.wishThanks);
    }
    await turn.leave();
    return true;
  },
};

/** Asks the open question after a survey when it is the customer's time (true when asked). */
export async function askWishIfDue(turn: Turn, visitId: string): Promise<boolean> {
  if (!turn.deps.wishes.isDue(turn.customer, turn.now)) return false;
  await turn.deps.wishes.markAsked(turn.customer._id, turn.now);
  const labels = turn.t.wishLabels;
  turn.text(
    turn.t.askWish({ shopName: turn.deps.shop.name }),
    CHOICES.map((choice) => postbackButton(labels[choice], postbackData(ID, { v: visitId, w: choice }))),
  );
  await turn.enter(ID, 'wish', { visitId }, TTL_MS);
  return true;
}

async function leaveIfHere(turn: Turn, visitId: string): Promise<void> {
  const active = await turn.deps.conversations.active(turn.customer._id, turn.now);
  if (active?.flow === ID && active.data.visitId === visitId) await turn.leave();
}
