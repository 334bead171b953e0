import { z } from 'zod';
import type { Clock } from '../clock.js';
import { imageStyles, type Models, type NewsletterEdition } from '../db/models/index.js';
import { addDays, lastDayOfMonth, monthOf, shopDayOf } from '../retention/shop-time.js';
import type { Editor, ShopVoice } from '../voice/shop-voice.js';

/** An edition's own text: within what Slack's input takes (3,000), so LINE's 5,000 fit the greeting too. */
export const EDITION_TEXT_MAX = 3_000;

/** How long an instance reuses an edition it read (the regular touch composes one per customer). */
const EDITION_CACHE_MS = 60_000;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What staff submit for an edition: checked here, at the boundary. */
export const editionInput = z.object({
  month: z.string().regex(MONTH),
  text: z.string().trim().min(1).max(EDITION_TEXT_MAX),
  imageUrl: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .url({ protocol: /^https$/ })
      .max(2_000)
      .optional(),
  ),
  imageStyle: z.enum(imageStyles).default('image'),
});
export type EditionInput = z.input<typeof editionInput>;

/** Which field of the form is wrong. */
export type EditionProblem = 'month' | 'past-month' | 'text' | 'image-url';

/**
 * The shop's newsletter: one edition per month (`_id` 'YYYY-MM'), written and scheduled by staff in
 * Slack; the regular touch sends the current month's edition to each customer once, at their rhythm.
 */
export class NewsletterEditions {
  private readonly cache = new Map<string, { at: number; edition: NewsletterEdition | null }>();

  constructor(
    private readonly deps: {
      models: Pick<Models, 'NewsletterEdition'>;
      voice: Pick<ShopVoice, 'record'>;
      clock: Clock;
      timezone: string;
    },
  ) {}

  /** The month (shop time) of an instant, 'YYYY-MM'. */
  monthOf(at: Date): string {
    return monthOf(shopDayOf(at, this.deps.timezone));
  }

  /** The month after the one `at` falls in. */
  nextMonth(at: Date): string {
    return monthOf(addDays(lastDayOfMonth(shopDayOf(at, this.deps.timezone)), 1));
  }

  /** The edition of a month, read by `_id` (reused for a minute: composing reads it per customer). */
  async ofMonth(month: string): Promise<NewsletterEdition | null> {
    const now = this.deps.clock.now().getTime();
    const cached = this.cache.get(month);
    if (cached && now - cached.at >= 0 && now - cached.at < EDITION_CACHE_MS) return cached.edition;
    const edition = await this.deps.models.NewsletterEdition.findById(month).lean();
    this.cache.set(month, { at: now, edition });
    return edition;
  }

  /** Checks what staff wrote: the problems by field, or the edition's input, ready to store. */
  check(
    input: EditionInput,
  ): { ok: true; value: z.output<typeof editionInput> } | { ok: false; problems: EditionProblem[] } {
    const parsed = editionInput.safeParse(input);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
      const problems: EditionProblem[] = [];
      if (fields.has('month')) problems.push('month');
      if (fields.has('text')) problems.push('text');
      if (fields.has('imageUrl')) problems.push('image-url');
      return { ok: false, problems: problems.length > 0 ? problems : ['text'] };
    }
    if (parsed.data.month < this.monthOf(this.deps.clock.now()))
      return { ok: false, problems: ['past-month'] };
    return { ok: true, value: parsed.data };
  }

  /** Stores (or replaces) a month's edition; the change log keeps who wrote what and when. */
  async schedule(
    input: EditionInput,
    by: Editor,
  ): Promise<{ ok: true; edition: NewsletterEdition } | { ok: false; problems: EditionProblem[] }> {
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const { month, text, imageUrl, imageStyle } = checked.value;
    const fields = { text, imageStyle, by: by.id, ...(by.name ? { byName: by.name } : {}) };
    await this.deps.models.NewsletterEdition.updateOne(
      { _id: month },
      imageUrl ? { $set: { ...fields, imageUrl } } : { $set: fields, $unset: { imageUrl: 1 } },
      { upsert: true },
    );
    this.cache.delete(month);
    await this.deps.voice.record({
      templateId: `newsletter:${month}`,
      action: 'saved',
      text: imageUrl ? `${text}\n${imageUrl}` : text,
      by,
      at: this.deps.clock.now(),
    });
    return { ok: true, edition: (await this.ofMonth(month))! };
  }
}
