import { loadCustomerProfile } from '../../customers/customer-profile.js';
import { OPEN_PROFILE, SHOW_CUSTOMER, customerCard } from '../blocks/customer-card.js';
import { kit } from '../blocks/kit.js';
import { customerIdValue } from '../commands/arguments.js';
import type { ButtonHandler, ButtonPress } from '../interactions.js';

async function cardFor(press: ButtonPress, actions = true) {
  const id = customerIdValue.safeParse(press.value);
  const profile = id.success ? await loadCustomerProfile(press.services.models, id.data) : null;
  return profile
    ? customerCard(profile, press.t, press.services.shop.timezone, { actions })
    : { text: press.t.forgetGone };
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
          blocks: card.blocks ?? [kit.section(card.text)],
        },
      });
    },
  },
];
