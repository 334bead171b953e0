import { shopDayOf, type ShopDay } from './shop-time.js';

/**
 * The New Year a 喪中 mark stands for: by Japanese custom, a family in mourning sends and receives no
 * New Year greeting the January after the bereavement. A mark set in January stands for that January
 * (its greetings may still be ahead); a mark set later in the year, for the next one.
 */
export function mourningYear(markedAt: Date, zone: string): number {
  const day = shopDayOf(markedAt, zone);
  const year = Number(day.slice(0, 4));
  return day.slice(5, 7) === '01' ? year : year + 1;
}

/** Whether the winter greetings of `day`'s year are those of a customer in mourning. */
export function inMourningOn(markedAt: Date | undefined, day: ShopDay, zone: string): boolean {
  return markedAt !== undefined && mourningYear(markedAt, zone) === Number(day.slice(0, 4));
}
