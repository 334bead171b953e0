import type { Clock } from '../clock.js';
import type { Customer, Models, Wish, WishTheme } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import { DAY_MS } from '../retention/shop-time.js';
import { clipWords } from '../text/clip-text.js';

/** The tag a tapped wish sets on the customer (for a broadcast to everyone who asked for it). */
export const wishTags: Record<Exclude<WishTheme, 'other'>, string> = {
  service: '要望:新メニュー',
  time: '要望:営業時間',
  product: '要望:物販',
};

const THEME_WORDS: [Exclude<WishTheme, 'other'>, RegExp][] = [
  ['time', /(時間|曜日|土日|休日|祝日|平日|夜|朝|早朝|遅く|営業|定休|予約)/],
  ['product', /(商品|物販|販売|シャンプー|トリートメント|グッズ|買|購入|オイル|化粧品)/],
  ['service', /(メニュー|施術|サービス|コース|カット|カラー|パーマ|スパ|マッサージ|新しい)/],
];

/** The theme of a wish typed in the customer's own words (a few words per theme; else other). */
export function themeOfWords(text: string): WishTheme {
  const normalized = text.normalize('NFKC');
  return THEME_WORDS.find(([, words]) => words.test(normalized))?.[0] ?? 'other';
}

/**
 * What customers would like from the shop, asked by the post-visit survey once every
 * SURVEY_WISH_EVERY_DAYS per customer (0: never), kept per survey (`_id` = the visit id).
 */
export class Wishes {
  constructor(
    private readonly deps: { models: Pick<Models, 'Wish' | 'Customer'>; clock: Clock; everyDays: number },
  ) {}

  /** Whether the survey should ask this customer now. */
  isDue(customer: Pick<Customer, 'wishAskedAt'>, now: Date): boolean {
    if (this.deps.everyDays <= 0) return false;
    const last = customer.wishAskedAt?.getTime();
    return last === undefined || now.getTime() - last >= this.deps.everyDays * DAY_MS;
  }

  async markAsked(customerId: string, now: Date): Promise<void> {
    await this.deps.models.Customer.updateOne({ _id: customerId }, { $set: { wishAskedAt: now } });
  }

  /** Keeps an answer; false when this survey's wish was already kept (a tap twice, a redelivery). */
  async record(input: {
    visitId: string;
    customerId: string;
    theme: WishTheme;
    text?: string;
  }): Promise<boolean> {
    try {
      await this.deps.models.Wish.create({
        _id: input.visitId,
        customerId: input.customerId,
        theme: input.theme,
        ...(input.text ? { text: clipWords(input.text) } : {}),
        at: this.deps.clock.now(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** A customer's latest wishes (a scan on FerretDB: for the customer card only). */
  of(customerId: string, limit = 3): Promise<Wish[]> {
    return this.deps.models.Wish.find({ customerId }).sort({ at: -1 }).limit(limit).lean();
  }

  /**
   * The shop's latest wishes for /stats. A scan of the wishes on FerretDB, which stay few (one per
   * customer every few months); the counts per theme come from the precomputed shop figures.
   */
  recent(since: Date, limit = 5): Promise<Wish[]> {
    return this.deps.models.Wish.find({ at: { $gte: since } })
      .sort({ at: -1 })
      .limit(limit)
      .lean();
  }
}
