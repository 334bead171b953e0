import { OPEN_PROFILE, SHOW_CUSTOMER } from '../blocks/customer-card.js';
import { customerCardOf } from './customer-voice.js';
import { kit } from '../blocks/kit.js';
import { customerIdValue } from '../commands/arguments.js';
import type { ButtonHandler, ButtonPress } from '../interactions.js';

async function cardFor(press: ButtonPress, actions = true) {
  const id = customerIdValue.safeParse(press.value);
  const card = id.success ? await customerCardOf(press.services, press.t, id.data, { actions }) : null;
  return card ?? { text: press.t.forgetGone };
}

/** Buttons that show the customer card: from a pick list (in place) and from threads and cases (a modal). */
export const customerButtons: ButtonHandler[] = [
  {
    actionId: new RegExp(`^${SHOW_CUSTOMER}:`),
    async run(press) {
      await press.reply(await cardFor(press));
    },
  },
  {
    actionId: OPEN_PROFILE,
    async run(press) {
      const card = await cardFor(press, false);
      await press.slack.web.views.open({
        trigger_id: press.triggerId,
        view: {
          type: 'modal',
          title: kit.plain(press.t.profileButton, 24),
          close: kit.plain(press.t.close, 24),
          // The 喪中 button answers in place of a message; a modal has none, so it stays on /customer.
          blocks: (card.blocks ?? [kit.section(card.text)]).filter(
            (block) => !('block_id' in block && block.block_id === 'customer_voice'),
          ),
        },
      });
    },
  },
];
