import type { Customer, Models } from '../db/models/index.js';
import { referralMessage } from '../referrals/referrals.js';
import { DAY_MS } from '../retention/shop-time.js';
import { prefilledMessageUrl } from '../line/chat-links.js';
import { allowedPlaceholders, type CatalogueEntry } from '../templates/catalogue.js';
import { addressName, type Templates } from '../templates/index.js';
import { renderTemplate } from '../templates/placeholders.js';
import { sinceInJapanese } from '../templates/relative-time.js';

/** The shop's settings a preview fills in. */
export interface PreviewShop {
  name: string;
  reviewUrl: string | undefined;
  bookingUrl: string | undefined;
  /** Opening hours as customers read them (`10:00〜19:00`). */
  hours: string;
}

/** The customer a preview is rendered for: who it is, and the values of every placeholder. */
export interface PreviewSubject {
  /** Their name as staff know it; undefined for the sample customer (the shop has none yet). */
  customer: Customer | undefined;
  values: Record<string, string>;
}

/**
 * A real customer to preview texts for: the first following customer with a visit, else any
 * following customer. `findOne` without a sort stops at the first match, so this stays cheap on
 * FerretDB (it scans only until it finds one). Nothing about the preview is stored.
 */
export async function previewSubject(
  models: Pick<Models, 'Customer'>,
  shop: PreviewShop,
  templates: Templates,
  now: Date,
): Promise<PreviewSubject> {
  const customer =
    (await models.Customer.findOne({ status: 'following', lastVisitAt: { $exists: true } }).lean()) ??
    (await models.Customer.findOne({ status: 'following' }).lean()) ??
    undefined;
  const sinceDays = customer?.lastVisitAt ? (now.getTime() - customer.lastVisitAt.getTime()) / DAY_MS : 45;
  const code = customer?.referralCode ?? 'AB23CD';
  const values: Record<string, string> = {
    name: customer ? addressName(customer, templates) : '山田',
    shop: shop.name,
    menu: customer?.lastMenu ?? 'カット',
    when: '昨日',
    displayName: (customer?.displayName ?? '山田 花子').slice(0, 12),
    month: String(customer?.birthday?.month ?? 3),
    day: String(customer?.birthday?.day ?? 14),
    year: now.toISOString().slice(0, 4),
    typed: '2/30',
    hours: shop.hours,
    reviewUrl: shop.reviewUrl ?? 'https://example.com/review',
    bookingUrl: shop.bookingUrl ?? 'https://example.com/booking',
    resolution: '次回のご来店時に無料でお直しいたします。',
    lastService: customer?.lastMenu ?? 'カット',
    sinceLastVisit: sinceInJapanese(sinceDays),
    code,
    link: prefilledMessageUrl('@shop', referralMessage(code)),
  };
  return { customer, values };
}

/** A text as the preview's customer would read it. */
export function renderPreview(entry: CatalogueEntry, text: string, subject: PreviewSubject): string {
  const values = Object.fromEntries(allowedPlaceholders(entry).map((name) => [name, subject.values[name]]));
  return renderTemplate(text, values);
}
