import { z } from 'zod';
import type { Flow, Turn } from './flow.js';
import { keywordOf, type Keyword } from './keywords.js';
import { askBirthdayAlone } from './onboarding.flow.js';
import { askPhone } from './phone-link.flow.js';

const ID = 'menu';

const postback = z.object({
  f: z.literal(ID),
  a: z.enum(['booking', 'birthday', 'contact', 'stop', 'resume']),
});
type MenuPostback = z.infer<typeof postback>;

const ACTION_KEYWORD: Record<MenuPostback['a'], Keyword> = {
  booking: 'booking',
  birthday: 'birthday',
  contact: 'contact',
  stop: 'opt-out',
  resume: 'opt-in',
};

/**
 * The rich menu (予約 / 誕生日登録 / お問い合わせ / 配信停止) and the same commands typed as words:
 * 「配信停止」 stops marketing (replies and expected follow-ups still go), 「配信再開」 resumes it.
 */
export const menuFlow: Flow<MenuPostback> = {
  id: ID,
  postback,
  steps: [],
  async onPostback(turn, data) {
    await runCommand(turn, ACTION_KEYWORD[data.a]);
  },
};

/** Handles a typed command; false when the text is not one. */
export async function handleKeyword(turn: Turn, text: string): Promise<boolean> {
  const keyword = keywordOf(text);
  if (!keyword) return false;
  await runCommand(turn, keyword);
  return true;
}

async function runCommand(turn: Turn, keyword: Keyword): Promise<void> {
  const { t } = turn;
  switch (keyword) {
    case 'opt-out':
    case 'opt-in': {
      const optOut = keyword === 'opt-out';
      if (turn.customer.marketingOptOut === optOut) {
        turn.text(optOut ? t.alreadyOptedOut : t.alreadyOptedIn);
        return;
      }
      await turn.deps.models.Customer.updateOne(
        { _id: turn.customer._id },
        { $set: { marketingOptOut: optOut } },
      );
      await turn.refreshCustomer();
      turn.purpose = optOut ? 'opt-out' : 'opt-in';
      turn.text(optOut ? t.optedOut : t.optedIn);
      return;
    }
    case 'birthday':
      return askBirthdayAlone(turn);
    case 'booking':
      turn.text(t.bookingInvite({ bookingUrl: turn.deps.shop.bookingUrl }));
      return;
    case 'contact':
      turn.text(t.contactPrompt);
      return;
    case 'phone':
      return askPhone(turn);
  }
}
