import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { NewsletterEdition } from '../../db/models/index.js';
import { newsletterMessages } from '../../newsletter/newsletter-message.js';
import { DAY_MS } from '../../retention/shop-time.js';
import { templatesFor } from '../../templates/index.js';
import { previewSubject } from '../../voice/template-preview.js';
import { kit, type Block } from '../blocks/kit.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { StaffServices } from '../slack-deps.js';
import { formatMoment } from '../text/index.js';
import type { VoiceText } from '../text/voice-text.js';
import { quote } from './template-modal.js';

export const NEWSLETTER_VIEW = 'voice:newsletter';
export const NEWSLETTER_PREVIEW = 'voice:newsletter-preview';
export const FIELD = {
  text: { block: 'nl_text', action: 'nl:text' },
  image: { block: 'nl_image', action: 'nl:image' },
  style: { block: 'nl_style', action: 'nl:style' },
} as const;

export const newsletterMetadata = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

/** What the form holds (as typed). */
export interface NewsletterForm {
  text: string;
  imageUrl: string;
  imageStyle: 'image' | 'flex';
}

/** The month `/joren newsletter` opens without one named: this month if it has no edition, else the next. */
export async function defaultMonth(services: StaffServices): Promise<string> {
  const { editions } = services.voice;
  const now = services.clock.now();
  const current = editions.monthOf(now);
  return (await editions.ofMonth(current)) ? editions.nextMonth(now) : current;
}

/**
 * The newsletter modal for one month: the text, an optional https image and how it is sent, whether
 * the month has an edition already, and — after 「プレビューを更新」 — the edition as the preview
 * customer would receive it (their name, their last visit, the closing, the picture).
 */
export async function newsletterView(input: {
  services: StaffServices;
  vt: VoiceText;
  month: string;
  form?: NewsletterForm;
  preview: boolean;
}): Promise<types.ModalView> {
  const { services, vt, month } = input;
  const zone = services.shop.timezone;
  const existing = await services.voice.editions.ofMonth(month);
  const form: NewsletterForm = input.form ?? {
    text: existing?.text ?? '',
    imageUrl: existing?.imageUrl ?? '',
    imageStyle: existing?.imageStyle ?? 'image',
  };
  const [year, number] = month.split('-').map(Number) as [number, number];
  const styles: types.PlainTextOption[] = [
    { text: kit.plain(vt.styleImage, 75), value: 'image' },
    { text: kit.plain(vt.styleFlex, 75), value: 'flex' },
  ];
  const blocks: Block[] = [
    kit.section(`*${vt.monthName({ year, month: number })}*`),
    kit.context(
      existing
        ? vt.newsletterExisting({
            who: escapeMrkdwn(existing.byName ?? existing.by),
            at: formatMoment(existing.updatedAt, zone),
          })
        : vt.newsletterNew,
    ),
    {
      type: 'input',
      block_id: FIELD.text.block,
      label: kit.plain(vt.newsletterText, 2_000),
      hint: kit.plain(vt.newsletterTextHint, 2_000),
      element: {
        type: 'plain_text_input',
        action_id: FIELD.text.action,
        multiline: true,
        max_length: 3_000,
        ...(form.text ? { initial_value: form.text } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD.image.block,
      optional: true,
      label: kit.plain(vt.newsletterImage, 2_000),
      hint: kit.plain(vt.newsletterImageHint, 2_000),
      element: {
        type: 'plain_text_input',
        action_id: FIELD.image.action,
        max_length: 2_000,
        ...(form.imageUrl ? { initial_value: form.imageUrl } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD.style.block,
      label: kit.plain(vt.newsletterStyle, 2_000),
      element: {
        type: 'radio_buttons',
        action_id: FIELD.style.action,
        options: styles,
        initial_option: styles[form.imageStyle === 'flex' ? 1 : 0]!,
      },
    },
    kit.actions('nl_actions', kit.button(vt.previewButton, NEWSLETTER_PREVIEW, month)),
    kit.section(
      input.preview && form.text.trim()
        ? await previewLines(services, vt, month, form)
        : vt.newsletterPreviewEmpty,
    ),
  ];
  return {
    type: 'modal',
    callback_id: NEWSLETTER_VIEW,
    private_metadata: JSON.stringify({ month }),
    title: kit.plain(vt.newsletterTitle, 24),
    submit: kit.plain(vt.newsletterSubmit, 24),
    close: kit.plain(vt.modalClose, 24),
    blocks,
  };
}

/** The edition as the preview customer would receive it (nothing is sent, nothing stored). */
async function previewLines(
  services: StaffServices,
  vt: VoiceText,
  month: string,
  form: NewsletterForm,
): Promise<string> {
  const { texts, shop } = services.voice;
  const now = services.clock.now();
  const subject = await previewSubject(services.models, shop, texts.templates, now);
  const reader = subject.customer ?? {
    callName: '山田',
    lastVisitAt: new Date(now.getTime() - 45 * DAY_MS),
    lastMenu: 'カット',
  };
  const imageUrl = /^https:\/\//.test(form.imageUrl.trim()) ? form.imageUrl.trim() : undefined;
  const edition: Pick<NewsletterEdition, '_id' | 'text' | 'imageUrl' | 'imageStyle'> = {
    _id: month,
    text: form.text.trim(),
    imageStyle: form.imageStyle,
    ...(imageUrl ? { imageUrl } : {}),
  };
  await texts.refresh();
  const messages = newsletterMessages({
    edition,
    templates: texts.templates,
    defaults: templatesFor('ja'),
    reader,
    now,
    shopName: shop.name,
  });
  const lines = [
    vt.newsletterPreview({ name: subject.customer ? escapeMrkdwn(subject.values.name!) : vt.previewSample }),
  ];
  for (const message of messages) {
    if (message.type === 'text') lines.push(quote(message.text));
    if (message.type === 'image')
      lines.push(vt.newsletterPreviewImage({ url: escapeMrkdwn(message.originalContentUrl) }));
    if (message.type === 'flex') {
      const body =
        (message.contents as { body?: { contents?: { text?: string }[] } }).body?.contents?.[0]?.text ?? '';
      lines.push(
        quote(body),
        vt.newsletterPreviewFlex({ url: escapeMrkdwn(imageUrl ?? ''), alt: escapeMrkdwn(message.altText) }),
      );
    }
  }
  return lines.join('\n');
}
