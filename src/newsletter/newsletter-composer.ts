import type { TouchpointComposer } from '../outreach/touchpoints.js';
import type { Templates } from '../templates/index.js';
import type { ShopVoice } from '../voice/shop-voice.js';
import type { NewsletterEditions } from './editions.js';
import { newsletterMessages } from './newsletter-message.js';

/**
 * The regular touch's messages: the edition its run chose (`ref` = 'YYYY-MM'), personalised for the
 * customer. Nothing is sent (null) when that edition is gone.
 */
export function newsletterComposer(deps: {
  editions: Pick<NewsletterEditions, 'ofMonth'>;
  voice: Pick<ShopVoice, 'refresh' | 'templates'>;
  defaults: Templates;
  shopName: string;
}): TouchpointComposer {
  return {
    async compose({ customer, now, ref }) {
      if (!ref) return null;
      const edition = await deps.editions.ofMonth(ref);
      if (!edition) return null;
      await deps.voice.refresh();
      return newsletterMessages({
        edition,
        templates: deps.voice.templates,
        defaults: deps.defaults,
        reader: customer,
        now,
        shopName: deps.shopName,
      });
    },
  };
}
