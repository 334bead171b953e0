import { DAY_MS } from '../src/retention/shop-time.js';
import { z } from 'zod';
import { datePickerButton, postbackButton, type Flow, type Turn } from './flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';
import { isNo, isQuestionLike, isSkip, isYes } from './text/answers.js';
import { birthdayFromPicker, parseBirthday } from './text/birthday-parser.js';
import { normalizeTyped } from './text/normalize.js';
import { readCallName } from './text/call-name.js';
import { clipText } from '../src/text/clip-text.js';

const ID = 'onboarding';
const TTL_MS = 3 * DAY_MS;
const MAX_NAME_LENGTH = 20;

const postback = z.discriminatedUnion('a', [
  z.object({ f: z.literal(ID), a: z.enum(['name-line', 'name-skip', 'birthday', 'birthday-skip']) }),
  z.object({ f: z.literal(ID), a: z.literal('consent'), v: z.enum(['yes', 'no']) }),
]);
type OnboardingPostback = z.infer<typeof postback>;

/**
 * After a new friend follows: welcome them, then ask — lightly, each question skippable and never
 * asked again once answered or skipped — how to call them, their birthday, and whether they would
 * like occasional news.
 */
export const onboardingFlow: Flow<OnboardingPostback> = {
  id: ID,
  postback,
  steps: ['name', 'birthday', 'consent'],

  async onPostback(turn, data, params) {
    const active = await turn.deps.conversations.active(turn.customer._id, turn.now);
    const step = active?.flow === ID ? active.step : undefined;
    const standalone = active?.data.standalone === true;
    switch (data.a) {
      case 'name-line':
      case 'name-skip':
        if (step !== 'name') return stale(turn);
        if (data.a === 'name-line' && turn.customer.displayName)
          await setCallName(turn, turn.customer.displayName);
        return askBirthday(turn, false);
      case 'birthday': {
        if (step !== 'birthday') return stale(turn);
        const birthday = params?.date ? birthdayFromPicker(params.date) : undefined;
        if (!birthday) return askBirthday(turn, standalone, turn.t.birthdayUnreadable);
        await saveBirthday(turn, birthday);
        return afterBirthday(turn, standalone);
      }
      case 'birthday-skip':
        if (step !== 'birthday') return stale(turn);
        await skipBirthday(turn);
        return afterBirthday(turn, standalone);
      case 'consent':
        if (step !== 'consent') return stale(turn);
        return recordConsent(turn, data.v === 'yes');
    }
  },

  async onText(turn, state, typed) {
    const text = normalizeTyped(typed);
    if (isKeywordCommand(text)) return false;
    switch (state.step) {
      case 'name':
        if (isSkip(text)) {
          await askBirthday(turn, false);
          return true;
        }
        if (isQuestionLike(text)) return false;
        return answerName(turn, text);
      case 'birthday': {
        const standalone = state.data.standalone === true;
        if (isSkip(text)) {
          await skipBirthday(turn);
          await afterBirthday(turn, standalone);
          return true;
        }
        const parsed = parseBirthday(text, turn.now);
        if (parsed.ok) {
          await saveBirthday(turn, parsed.birthday);
          await afterBirthday(turn, standalone);
          return true;
        }
        if (isQuestionLike(text) || text.length > 16) return false;
        const retry =
          parsed.reason === 'impossible'
            ? turn.t.birthdayImpossible({ typed: text })
            : turn.t.birthdayUnreadable;
        await askBirthday(turn, standalone, retry);
        return true;
      }
      case 'consent':
        if (isYes(text) || isNo(text)) {
          await recordConsent(turn, isYes(text));
          return true;
        }
        return false;
      default:
        return false;
    }
  },
};

async function answerName(turn: Turn, text: string): Promise<boolean> {
  const reading = readCallName(text, MAX_NAME_LENGTH);
  if (reading.kind === 'greeting') {
    turn.text(turn.t.askCallName, nameButtons(turn));
    return true;
  }
  if (reading.kind === 'not-a-name') {
    if (text.length > MAX_NAME_LENGTH * 2) return false;
    turn.text(turn.t.callNameTooLong, nameButtons(turn));
    return true;
  }
  await setCallName(turn, reading.name);
  turn.text(turn.t.callNameThanks({ name: turn.name }));
  await askBirthday(turn, false);
  return true;
}

/** Welcomes a new friend and asks the first question. */
export async function startOnboarding(turn: Turn): Promise<void> {
  turn.purpose = 'welcome';
  turn.text(turn.t.welcome({ shopName: turn.deps.shop.name, name: turn.name }));
  turn.text(turn.t.askCallName, nameButtons(turn));
  await turn.enter(ID, 'name', {}, TTL_MS);
}

/**
 * Asks the current onboarding question again, after something else answered the customer in the
 * middle of it (a referral code they typed): the question's buttons are on the newest message again.
 */
export async function askOnboardingAgain(turn: Turn): Promise<void> {
  const active = await turn.deps.conversations.active(turn.customer._id, turn.now);
  if (active?.flow !== ID) return;
  if (active.step === 'name') turn.text(turn.t.askCallName, nameButtons(turn));
  else if (active.step === 'birthday') await askBirthday(turn, active.data.standalone === true);
  else if (active.step === 'consent') await askConsent(turn);
}

/** Asks for the birthday on its own (the customer wrote 「誕生日」 or used the rich menu). */
export async function askBirthdayAlone(turn: Turn): Promise<void> {
  await askBirthday(turn, true);
}

function nameButtons(turn: Turn) {
  const display = turn.customer.displayName;
  return [
    ...(display
      ? [
          postbackButton(
            turn.t.useLineNameLabel({ displayName: display }),
            postbackData(ID, { a: 'name-line' }),
          ),
        ]
      : []),
    postbackButton(turn.t.skipLabel, postbackData(ID, { a: 'name-skip' })),
  ];
}

async function askBirthday(turn: Turn, standalone: boolean, prompt = turn.t.askBirthday): Promise<void> {
  turn.text(prompt, [
    datePickerButton(turn.t.pickDateLabel, postbackData(ID, { a: 'birthday' }), turn.now),
    postbackButton(turn.t.skipLabel, postbackData(ID, { a: 'birthday-skip' })),
  ]);
  await turn.enter(ID, 'birthday', standalone ? { standalone: true } : {}, TTL_MS);
}

async function afterBirthday(turn: Turn, standalone: boolean): Promise<void> {
  if (standalone || turn.customer.newsConsentAskedAt) return finish(turn, standalone);
  await askConsent(turn);
}

async function askConsent(turn: Turn): Promise<void> {
  turn.text(turn.t.askNewsConsent({ shopName: turn.deps.shop.name }), [
    postbackButton(turn.t.consentYesLabel, postbackData(ID, { a: 'consent', v: 'yes' })),
    postbackButton(turn.t.consentNoLabel, postbackData(ID, { a: 'consent', v: 'no' })),
  ]);
  await turn.enter(ID, 'consent', {}, TTL_MS);
}

async function recordConsent(turn: Turn, yes: boolean): Promise<void> {
  await turn.deps.models.Customer.updateOne(
    { _id: turn.customer._id },
    { $set: { marketingOptOut: !yes, newsConsentAskedAt: turn.now } },
  );
  turn.text(yes ? turn.t.consentYes : turn.t.consentNo);
  await finish(turn, false);
}

async function finish(turn: Turn, standalone: boolean): Promise<void> {
  if (!standalone) {
    turn.text(turn.t.onboardingDone);
    await turn.deps.models.Customer.updateOne(
      { _id: turn.customer._id },
      { $set: { onboardedAt: turn.now } },
    );
  }
  await turn.leave();
}

async function setCallName(turn: Turn, name: string): Promise<void> {
  await turn.deps.models.Customer.updateOne(
    { _id: turn.customer._id },
    { $set: { callName: clipText(name, MAX_NAME_LENGTH) } },
  );
  await turn.refreshCustomer();
}

async function saveBirthday(
  turn: Turn,
  birthday: { month: number; day: number; year?: number },
): Promise<void> {
  await turn.deps.models.Customer.updateOne(
    { _id: turn.customer._id },
    { $set: { birthday }, $unset: { birthdaySkippedAt: 1 } },
  );
  await turn.refreshCustomer();
  turn.text(turn.t.birthdayThanks(birthday));
}

async function skipBirthday(turn: Turn): Promise<void> {
  await turn.deps.models.Customer.updateOne(
    { _id: turn.customer._id },
    { $set: { birthdaySkippedAt: turn.now } },
  );
  await turn.refreshCustomer();
  turn.text(turn.t.birthdaySkipped);
}

function stale(turn: Turn): void {
  turn.text(turn.t.staleAction);
}
