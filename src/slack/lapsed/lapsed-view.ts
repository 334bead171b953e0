import { readLapsedCustomers } from '../../analytics/lapsed-customers.js';
import type { StaffLanguage } from '../../config.js';
import { shopCalendar } from '../../retention/shop-time.js';
import { lapsedList } from '../blocks/lapsed-list.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { SlackDeps } from '../slack-deps.js';
import type { StaffText } from '../text/index.js';
import type { LapsedArgs } from './lapsed-arguments.js';

/**
 * One page of /lapsed as staff see it, read from the last lapse scan (reads by `_id` only: the scan's
 * pointer, one or two ranked pages, and the shown customers and episodes). Before the first scan, a
 * message saying when it runs.
 */
export async function lapsedView(
  deps: SlackDeps,
  who: { t: StaffText; language: StaffLanguage },
  args: LapsedArgs,
  notice?: string,
): Promise<SlackMessage> {
  const { services } = deps;
  const timeZone = services.shop.timezone;
  const page = await readLapsedCustomers(
    { models: services.models, calendar: shopCalendar(timeZone), now: services.clock.now() },
    {
      limit: args.limit,
      page: args.page,
      ...(args.reason !== undefined ? { reason: args.reason } : {}),
      ...(args.days !== undefined ? { days: args.days } : {}),
    },
  );
  if (!page) {
    const text = [notice, who.t.lapsedNoScan({ time: services.shop.morningTime })]
      .filter((part) => part)
      .join('\n');
    return { text };
  }
  return lapsedList(page, {
    t: who.t,
    language: who.language,
    timeZone,
    args,
    ...(notice ? { notice } : {}),
  });
}
