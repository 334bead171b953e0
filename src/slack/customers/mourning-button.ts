import { customerIdValue } from '../commands/arguments.js';
import type { ButtonHandler } from '../interactions.js';
import { MOURNING, customerCardOf } from './customer-voice.js';

/** 「喪中にする」 / 「喪中を解除」 on the customer card: sets or clears the mark, shows the card again. */
export const mourningButtons: ButtonHandler[] = [
  {
    actionId: new RegExp(`^${MOURNING}:`),
    async run(press) {
      const [state, ...rest] = press.value.split(':');
      const id = customerIdValue.safeParse(rest.join(':'));
      if (!id.success || (state !== 'on' && state !== 'off')) return;
      const found = await press.services.voice.mourning.set(id.data, state === 'on');
      const card = found ? await customerCardOf(press.services, press.t, id.data) : null;
      await press.reply(card ?? { text: press.t.forgetGone });
    },
  },
];
