import type { Models } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import { seasonIds, type SeasonId } from '../retention/seasons.js';
import { addDays, shopDayOf } from '../retention/shop-time.js';
import { addressName, type Templates } from '../templates/index.js';
import type { ComposeInput, TouchpointComposer, TouchpointComposers } from './touchpoints.js';

export interface ComposerSettings {
  templates: Templates;
  shopName: string;
  timezone: string;
  birthdayCoupon: boolean;
  models: Pick<Models, 'Visit'>;
}

const text = (value: string): LineMessage[] => [{ type: 'text', text: value }];

/**
 * The scheduler's own composers: the post-visit thank-you (naming what the customer had done),
 * birthday (with the optional gift line), seasonal greetings, the regular "news" touch and staff
 * broadcasts. The conversational ones (survey, win-back) are registered by the flows.
 */
export function registerOutreachComposers(composers: TouchpointComposers, settings: ComposerSettings): void {
  const { templates, shopName } = settings;
  const name = (input: ComposeInput) => addressName(input.customer, templates);

  const thanks: TouchpointComposer = {
    async compose(input) {
      if (!input.ref) return null;
      const visit = await settings.models.Visit.findById(input.ref).lean();
      if (!visit) return null;
      const yesterday =
        shopDayOf(visit.at, settings.timezone) === addDays(shopDayOf(input.now, settings.timezone), -1);
      return text(templates.postVisitThanks({ shopName, name: name(input), menu: visit.menu, yesterday }));
    },
  };

  const birthday: TouchpointComposer = {
    compose(input) {
      const greeting = templates.birthday({
        shopName,
        name: name(input),
        belated: input.data?.belated === true,
      });
      return Promise.resolve(
        text(settings.birthdayCoupon ? `${greeting}\n\n${templates.birthdayCoupon}` : greeting),
      );
    },
  };

  const seasonal: TouchpointComposer = {
    compose(input) {
      const season = input.ref as SeasonId | undefined;
      if (!season || !seasonIds.includes(season)) return Promise.resolve(null);
      const year = Number(shopDayOf(input.now, settings.timezone).slice(0, 4));
      return Promise.resolve(text(templates.seasonal[season]({ shopName, name: name(input), year })));
    },
  };

  const regular: TouchpointComposer = {
    compose: (input) => Promise.resolve(text(templates.news({ shopName, name: name(input) }))),
  };

  const broadcast: TouchpointComposer = {
    compose: (input) => {
      const words = input.data?.text;
      return Promise.resolve(typeof words === 'string' && words.trim() !== '' ? text(words) : null);
    },
  };

  composers.register('post-visit-thanks', thanks);
  composers.register('birthday', birthday);
  composers.register('seasonal', seasonal);
  composers.register('regular', regular);
  composers.register('broadcast', broadcast);
}
