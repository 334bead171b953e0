import { JorenError } from '../src/errors.js';
import { referralCodeIn, referralMessage } from '../src/referrals/referrals.js';
import type { Turn } from './flow.js';
import { askOnboardingAgain } from './onboarding.flow.js';

/**
 * A message that is a referral code — `紹介コード ABC234`, as the shared chat link types it in, or the
 * bare code of a real customer — credits its owner with bringing this new friend (once; never their
 * own code), welcomes the friend and thanks the owner by push (after the quiet hours). The router asks this before the active
 * flow, so a code typed in the middle of onboarding counts, and onboarding then goes on where it was.
 * False for any other text.
 */
export async function handleReferralCode(turn: Turn, text: string): Promise<boolean> {
  const found = referralCodeIn(text);
  if (!found) return false;
  const { referrals } = turn.deps;
  if (!found.explicit && !(await referrals.exists(found.code))) return false;
  const result = await referrals.credit(turn.customer, found.code);
  const { t } = turn;
  turn.purpose = 'referral';
  switch (result.outcome) {
    case 'credited':
      turn.text(t.referralWelcome({ name: turn.name }));
      await thankReferrer(turn, result.referrerId);
      break;
    case 'already':
      turn.text(t.referralAlready);
      // A crash between crediting and thanking: the thanks goes now (its key sends it once).
      await thankReferrer(turn, result.referrerId);
      break;
    case 'other-referrer':
      turn.text(t.referralAlready);
      break;
    case 'own':
      turn.text(t.referralOwnCode);
      break;
    case 'not-new':
      turn.text(t.referralNotNew);
      break;
    case 'unknown':
      turn.text(t.referralUnknown);
      break;
  }
  await askOnboardingAgain(turn);
  return true;
}

/**
 * Asks for an introduction with the customer's personal code and a link that opens the shop's chat
 * with the code typed in (a friend who follows sends it in one tap). Without the link (LINE's bot
 * info could not be read), the code alone.
 */
export async function askForReferral(turn: Turn, intro: string): Promise<void> {
  turn.text(intro);
  const code = await turn.deps.referrals.codeOf(turn.customer);
  const link = await turn.deps.chatLinks.prefilledMessage(referralMessage(code)).catch((error: unknown) => {
    turn.deps.log.warn(
      { customerId: turn.customer._id, code: error instanceof JorenError ? error.code : 'INTERNAL' },
      'referral link not available; the code goes alone',
    );
    return undefined;
  });
  turn.text(turn.t.referralShare({ code, link }));
}

/** The referrer's thanks: sent now, or when the quiet hours end (src/referrals/referral-thanks.ts). */
async function thankReferrer(turn: Turn, referrerId: string): Promise<void> {
  await turn.deps.referralThanks.thank(turn.customer._id, referrerId, turn.now);
}
