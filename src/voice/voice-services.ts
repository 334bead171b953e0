import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Mourning } from '../customers/mourning.js';
import type { Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { NewsletterEditions } from '../newsletter/editions.js';
import { Referrals } from '../referrals/referrals.js';
import type { SeasonCalendar } from '../retention/seasons.js';
import { describeHours } from '../shop/business-hours.js';
import type { Templates } from '../templates/ja.js';
import { Wishes } from '../wishes/wishes.js';
import { calendarFrom } from './season-calendar.js';
import { ShopVoice } from './shop-voice.js';
import type { PreviewShop } from './template-preview.js';

/**
 * The shop's own voice as staff work with it: the texts (`/joren templates`), the newsletter
 * (`/joren newsletter`), the greeting calendar (`/joren seasons`), the 喪中 mark, and what the
 * customer card and /stats show of wishes and referrals.
 */
export interface VoiceServices {
  texts: ShopVoice;
  editions: NewsletterEditions;
  referrals: Referrals;
  wishes: Wishes;
  mourning: Mourning;
  /** The calendar from the environment, in force until staff set one. */
  defaultSeasons: SeasonCalendar;
  shop: PreviewShop;
}

/** The shop's voice as start-up builds it once: for the flows, the scheduler and Slack. */
export interface VoiceStack {
  voice: ShopVoice;
  /** The texts customers read: the shop's versions (edited in Slack) in front of the defaults. */
  templates: Templates;
  editions: NewsletterEditions;
  referrals: Referrals;
  wishes: Wishes;
  /** The greeting calendar in force: staff's from Slack, else the environment's. */
  seasons: () => Promise<SeasonCalendar>;
  /** What Slack handlers are given (StaffServices.voice). */
  staff: VoiceServices;
}

/** Builds the shop's voice: its texts, newsletter, calendar, referrals, wishes and the 喪中 mark. */
export function createVoiceStack(deps: {
  config: Config;
  models: Models;
  clock: Clock;
  log: Logger;
  alerts: StaffAlerts;
  defaults: Templates;
}): VoiceStack {
  const { config, models, clock } = deps;
  const voice = new ShopVoice({ ...deps, shopName: config.shop.name, base: deps.defaults });
  const editions = new NewsletterEditions({ models, voice, clock, timezone: config.shop.timezone });
  const referrals = new Referrals({ models, clock });
  const wishes = new Wishes({ models, clock, everyDays: config.scheduler.surveyWishEveryDays });
  return {
    voice,
    templates: voice.templates,
    editions,
    referrals,
    wishes,
    seasons: async () => calendarFrom((await voice.stored())?.seasons, config.scheduler.seasons),
    staff: {
      texts: voice,
      editions,
      referrals,
      wishes,
      mourning: new Mourning({ models, clock }),
      defaultSeasons: config.scheduler.seasons,
      shop: {
        name: config.shop.name,
        reviewUrl: config.shop.reviewUrl,
        bookingUrl: config.shop.bookingUrl,
        hours: describeHours(config.shop.hours),
      },
    },
  };
}
