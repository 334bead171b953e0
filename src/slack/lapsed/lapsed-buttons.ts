import { LAPSED_ACTIONS } from '../blocks/lapsed-list.js';
import { customerName } from '../blocks/customer-card.js';
import type { ButtonHandler, ButtonPress } from '../interactions.js';
import { formatDate, formatMoment } from '../text/index.js';
import { decodeLapsedValue, type LapsedArgs } from './lapsed-arguments.js';
import { lapsedView } from './lapsed-view.js';
import type { LapseEpisodeRef } from '../../win-back/win-back-episodes.js';

/** Shows the list again in place of the old one, with a line saying what the button did. */
async function showList(press: ButtonPress, args: LapsedArgs, notice?: string): Promise<void> {
  const language = await press.slack.staff.languageOf(press.member);
  await press.reply(await lapsedView(press, { t: press.t, language }, args, notice));
}

/**
 * A row button: the customer comes from the value, their episode from the last scan (a value that
 * is not ours, or a customer no longer lapsed, changes nothing and says so).
 */
function rowButton(
  actionId: string,
  act: (press: ButtonPress, episode: LapseEpisodeRef) => Promise<string>,
): ButtonHandler {
  return {
    actionId,
    async run(press) {
      const decoded = decodeLapsedValue(press.value);
      if (!decoded?.customerId) {
        await press.reply({ text: press.t.checkInNotLapsed });
        return;
      }
      const episode = await press.services.winBack.current(decoded.customerId);
      const notice = episode ? await act(press, episode) : press.t.checkInNotLapsed;
      await showList(press, decoded.args, notice);
    },
  };
}

/** The buttons of /lapsed: send the check-in now, snooze it 30 days, mark contacted, next page. */
export const lapsedButtons: ButtonHandler[] = [
  rowButton(LAPSED_ACTIONS.checkIn, async (press, episode) => {
    const { t } = press;
    const name = customerName(episode.customer);
    const outcome = await press.services.winBack.checkInNow(episode);
    if (outcome.kind === 'sent') return t.checkInSent({ name });
    if (outcome.kind === 'deferred') {
      const at = outcome.until ? formatMoment(outcome.until, press.services.shop.timezone) : '—';
      return t.checkInDeferred({ name, at });
    }
    const language = await press.slack.staff.languageOf(press.member);
    return t.checkInRefused({ name, why: outcome.reason[language] });
  }),
  rowButton(LAPSED_ACTIONS.snooze, async (press, episode) => {
    const until = await press.services.winBack.snooze(episode);
    return press.t.snoozed({
      name: customerName(episode.customer),
      until: formatDate(until, press.services.shop.timezone),
    });
  }),
  rowButton(LAPSED_ACTIONS.contacted, async (press, episode) => {
    await press.services.winBack.markContacted(episode, press.member.userId);
    return press.t.markedContacted({ name: customerName(episode.customer) });
  }),
  {
    actionId: LAPSED_ACTIONS.next,
    async run(press) {
      const decoded = decodeLapsedValue(press.value);
      await showList(press, decoded?.args ?? { limit: 10, page: 1 });
    },
  },
];
