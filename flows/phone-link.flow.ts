import { z } from 'zod';
import { normalizePhone } from '../src/customers/phone-number.js';
import { DAY_MS } from '../src/retention/shop-time.js';
import { postbackButton, type Flow, type Turn } from './flow.js';
import { isKeywordCommand } from './keywords.js';
import { postbackData } from './postback-data.js';

const ID = 'phone';
const TTL_MS = DAY_MS;

const postback = z.object({ f: z.literal(ID), a: z.literal('skip') });

/**
 * 「電話番号で登録」: the customer gives their phone number (full-width digits, hyphens, +81 all read),
 * it is kept on their record, and a customer of the imported history with the same number is
 * proposed to staff (PhoneLinks). Asked again once when it cannot be read; skipping is fine.
 */
export const phoneLinkFlow: Flow<z.infer<typeof postback>> = {
  id: ID,
  postback,
  steps: ['number'],

  async onPostback(turn) {
    turn.text(turn.t.phoneSkipped);
    await turn.leave();
  },

  async onText(turn, state, text) {
    if (state.step !== 'number' || isKeywordCommand(text)) return false;
    const phone = normalizePhone(text);
    if (!phone) {
      turn.text(turn.t.phoneUnreadable, [skipButton(turn)]);
      return true;
    }
    await turn.deps.phoneLinks.register(turn.customer, phone);
    await turn.refreshCustomer();
    turn.purpose = 'phone';
    turn.text(turn.t.phoneThanks);
    await turn.leave();
    return true;
  },
};

/** Asks for the phone number (the keyword 「電話番号で登録」). */
export async function askPhone(turn: Turn): Promise<void> {
  turn.text(turn.t.askPhone, [skipButton(turn)]);
  await turn.enter(ID, 'number', {}, TTL_MS);
}

function skipButton(turn: Turn) {
  return postbackButton(turn.t.skipLabel, postbackData(ID, { a: 'skip' }));
}
