import type { Models } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { NewsletterEditions } from '../newsletter/editions.js';
import { newsletterComposer } from '../newsletter/newsletter-composer.js';
import { seasonIds, type SeasonId } from '../retention/seasons.js';
import { addDays, shopDayOf } from '../retention/shop-time.js';
import { addressName, type Templates } from '../templates/index.js';
import type { ShopVoice } from '../voice/shop-voice.js';
import type { ComposeInput, TouchpointComposer, TouchpointComposers } from './touchpoints.js';

export interface ComposerSettings {
  /** The texts customers read (the shop's versions in front of the defaults). */
  templates: Templates;
  /** The built-in texts (the newsletter falls back on them when the shop's wrapper is too long). */
  defaults: Templates;
  voice: Pick<ShopVoice, 'refresh' | 'templates'>;
  editions: Pick<NewsletterEditions, 'ofMonth'>;
  shopName: string;
  timezone: string;
  birthdayCoupon: boolean;
  /** The review page: its invitation goes with every thank-you, whatever the customer will rate. */
  reviewUrl: string | undefined;
  models: Pick<Models, 'Visit'>;
}

const text = (value: string): LineMessage[] => [{ type: 'text', text: value }];

/**
 * The scheduler's own composers: the post-visit thank-you (naming what the customer had done, with
 * the review invitation for everyone), birthday (with the optional gift line), seasonal greetings
 * (寒中見舞い in its mourning wording for a customer marked 喪中), the newsletter (the regular touch)
 * and staff broadcasts. The conversational ones (survey, win-back) are registered by the flows. Each
 * reads the shop's current texts first (a read by `_id` at most every 30 seconds).
 */
export function registerOutreachComposers(composers: TouchpointComposers, settings: ComposerSettings): void {
  const { templates, shopName, voice } = settings;
  const name = (input: ComposeInput) => addressName(input.customer, templates);

  const thanks: TouchpointComposer = {
    async compose(input) {
      if (!input.ref) return null;
      const visit = await settings.models.Visit.findById(input.ref).lean();
      if (!visit) return null;
      await voice.refresh();
      const yesterday =
        shopDayOf(visit.at, settings.timezone) === addDays(shopDayOf(input.now, settings.timezone), -1);
      const said = text(
        templates.postVisitThanks({ shopName, name: name(input), menu: visit.menu, yesterday }),
      );
      // No review gating (Google's review policy): the same invitation to everyone, before any rating.
      const { reviewUrl } = settings;
      return reviewUrl ? [...said, ...text(templates.reviewInvite({ reviewUrl }))] : said;
    },
  };

  const birthday: TouchpointComposer = {
    async compose(input) {
      await voice.refresh();
      const greeting = templates.birthday({
        shopName,
        name: name(input),
        belated: input.data?.belated === true,
      });
      return text(settings.birthdayCoupon ? `${greeting}\n\n${templates.birthdayCoupon}` : greeting);
    },
  };

  const seasonal: TouchpointComposer = {
    async compose(input) {
      const season = input.ref as SeasonId | undefined;
      if (!season || !seasonIds.includes(season)) return null;
      await voice.refresh();
      if (season === 'kanchu' && input.data?.mourning === true) {
        return text(templates.kanchuMourning({ shopName, name: name(input) }));
      }
      const year = Number(shopDayOf(input.now, settings.timezone).slice(0, 4));
      return text(templates.seasonal[season]({ shopName, name: name(input), year }));
    },
  };

  const regular = newsletterComposer({
    editions: settings.editions,
    voice,
    defaults: settings.defaults,
    shopName,
  });

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
