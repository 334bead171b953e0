import type { Customer, NewsletterEdition } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import { DAY_MS } from '../retention/shop-time.js';
import { addressName, type Templates } from '../templates/index.js';
import { LINE_TEXT_MAX } from '../templates/placeholders.js';
import { sinceInJapanese } from '../templates/relative-time.js';

/** What the newsletter says about a customer: their name and their last visit. */
export type NewsletterReader = Pick<Customer, 'callName' | 'displayName' | 'lastVisitAt' | 'lastMenu'>;

/**
 * One customer's copy of an edition: a greeting by name, a line about their last visit (how long ago,
 * and what they had), the edition's text and the closing (how to stop it) — then the picture, as a
 * LINE image message or, in the Flex style, one bubble with the picture above the text.
 */
export function newsletterMessages(input: {
  edition: Pick<NewsletterEdition, '_id' | 'text' | 'imageUrl' | 'imageStyle'>;
  templates: Templates;
  /** The built-in texts, used when the shop's wrapper and the edition together exceed LINE's limit. */
  defaults: Templates;
  reader: NewsletterReader;
  now: Date;
  shopName: string;
}): LineMessage[] {
  const { edition, shopName } = input;
  let text = compose(input.templates, input);
  if (text.length > LINE_TEXT_MAX) text = compose(input.defaults, input);
  const month = Number(edition._id.slice(5, 7));
  if (!edition.imageUrl) return [{ type: 'text', text }];
  if (edition.imageStyle === 'flex') {
    const altText = input.templates.newsletterAltText({ shopName, month });
    return [
      {
        type: 'flex',
        altText,
        contents: {
          type: 'bubble',
          hero: {
            type: 'image',
            url: edition.imageUrl,
            size: 'full',
            aspectRatio: '20:13',
            aspectMode: 'cover',
          },
          body: {
            type: 'box',
            layout: 'vertical',
            contents: [{ type: 'text', text, wrap: true, size: 'sm' }],
          },
        },
      },
    ];
  }
  return [
    { type: 'text', text },
    { type: 'image', originalContentUrl: edition.imageUrl, previewImageUrl: edition.imageUrl },
  ];
}

function compose(
  t: Templates,
  input: { edition: Pick<NewsletterEdition, 'text'>; reader: NewsletterReader; now: Date; shopName: string },
): string {
  const { reader, shopName } = input;
  const name = addressName(reader, t);
  const lastVisit = reader.lastVisitAt
    ? t.newsletterLastVisit({
        sinceLastVisit: sinceInJapanese((input.now.getTime() - reader.lastVisitAt.getTime()) / DAY_MS),
        lastService: reader.lastMenu,
      })
    : t.newsletterNoVisit;
  return [
    t.newsletterGreeting({ shopName, name }),
    lastVisit,
    '',
    input.edition.text,
    '',
    t.newsletterClosing({ shopName }),
  ].join('\n');
}
