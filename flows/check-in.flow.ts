import { checkInCodeIn } from '../src/visits/check-in-code.js';
import type { Turn } from './flow.js';

/**
 * A message that is a check-in (「来店チェックイン ABC234」, typed in by the counter QR) records the
 * visit and is thanked at once with the reply token; an old or wrong code is answered politely and
 * records nothing. False for any other text. The router asks this first, whatever flow is active.
 */
export async function handleCheckIn(turn: Turn, text: string): Promise<boolean> {
  const code = checkInCodeIn(text);
  if (!code) return false;
  const { t } = turn;
  const result = await turn.deps.checkIns.checkIn(turn.customer, code, turn.now);
  turn.purpose = 'check-in';
  if (result.outcome === 'recorded') {
    turn.text(t.checkInThanks({ name: turn.name, shopName: turn.deps.shop.name }));
  } else if (result.outcome === 'already') {
    turn.text(t.checkInAlready({ name: turn.name }));
  } else {
    turn.text(result.outcome === 'expired' ? t.checkInExpired : t.checkInWrong);
  }
  return true;
}
