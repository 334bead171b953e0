import type { types } from '@slack/bolt';
import { z } from 'zod';
import { catalogueEntry, type CatalogueEntry } from '../../templates/catalogue.js';
import { placeholderInfo, type PlaceholderName } from '../../templates/placeholders.js';
import { previewSubject, renderPreview } from '../../voice/template-preview.js';
import { kit, type Block } from '../blocks/kit.js';
import type { ButtonPress } from '../interactions.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import type { StaffServices } from '../slack-deps.js';
import type { StaffLanguage } from '../../config.js';
import { formatMoment } from '../text/index.js';
import { languageOf, voiceTextFor, type VoiceText } from '../text/voice-text.js';

export const TEMPLATE_VIEW = 'voice:template';
export const TEMPLATE_PREVIEW = 'voice:template-preview';
export const TEMPLATE_RESET = 'voice:template-reset';
export const TEXT_BLOCK = 'vt_text';
export const TEXT_ACTION = 'vt:text';

/** What the modal carries: the text's id, and a round that changes the input's block id after a reset. */
export const templateMetadata = z.object({
  id: z.string().min(1).max(60),
  round: z.number().int().min(0).max(1_000),
});
export type TemplateMetadata = z.infer<typeof templateMetadata>;

/** Slack's text inputs take at most 3,000 characters; labels get room to be refused with a reason. */
const INPUT_MAX = { text: 3_000, label: 100, altText: 1_000 } as const;

/**
 * The modal to edit one text: what it is and its LINE limit, the placeholders it may use, the text
 * (the shop's version or the default), a preview for a real customer, and the latest changes.
 */
export async function templateView(input: {
  services: StaffServices;
  language: StaffLanguage;
  vt: VoiceText;
  entry: CatalogueEntry;
  draft?: string;
  round: number;
}): Promise<types.ModalView> {
  const { services, vt, entry, language } = input;
  const { texts, shop } = services.voice;
  const now = services.clock.now();
  const zone = services.shop.timezone;
  const [version, history, subject] = await Promise.all([
    texts.versionOf(entry.id),
    texts.history(entry.id),
    previewSubject(services.models, shop, texts.templates, now),
  ]);
  const text = input.draft ?? (await texts.textOf(entry));
  const preview = renderPreview(entry, text, subject);
  const who = (by: string, byName?: string) => escapeMrkdwn(byName ?? by);
  const placeholders = ['shop', ...entry.placeholders].map(
    (name) => `\`{${name}}\` ${placeholderInfo[name as PlaceholderName][language]}`,
  );
  const blocks: Block[] = [
    kit.section(vt.modalWhat({ group: vt.groups[entry.group], id: entry.id, kind: vt.kinds[entry.kind] })),
    kit.context(
      version
        ? vt.modalStatusShop({ who: who(version.by, version.byName), at: formatMoment(version.at, zone) })
        : vt.modalStatusDefault,
    ),
    kit.section(`${vt.modalPlaceholders}\n${placeholders.join('\n')}`),
    {
      type: 'input',
      block_id: `${TEXT_BLOCK}_${input.round}`,
      label: kit.plain(vt.modalTextLabel, 2_000),
      hint: kit.plain(vt.modalTextHint, 2_000),
      element: {
        type: 'plain_text_input',
        action_id: TEXT_ACTION,
        multiline: entry.kind === 'text',
        max_length: INPUT_MAX[entry.kind],
        initial_value: clip(text, INPUT_MAX[entry.kind]),
      },
    },
    kit.actions(
      'vt_actions',
      kit.button(vt.previewButton, TEMPLATE_PREVIEW, entry.id),
      ...(version
        ? [
            kit.button(vt.resetButton, TEMPLATE_RESET, entry.id, {
              style: 'danger',
              confirm: {
                title: kit.plain(vt.resetConfirmTitle, 100),
                text: kit.plain(vt.resetConfirmText, 300),
                confirm: kit.plain(vt.resetConfirmYes, 30),
                deny: kit.plain(vt.resetConfirmNo, 30),
              },
            }),
          ]
        : []),
    ),
    kit.section(
      `${vt.modalPreview({ name: subject.customer ? escapeMrkdwn(subject.values.name!) : vt.previewSample })}\n${quote(preview)}`,
    ),
    kit.section(
      `${vt.modalHistory}\n${
        history.length === 0
          ? vt.historyNone
          : history
              .map((change) =>
                (change.action === 'saved' ? vt.historySaved : vt.historyReset)({
                  who: who(change.by, change.byName),
                  at: formatMoment(change.at, zone),
                }),
              )
              .join('\n')
      }`,
    ),
  ];
  return {
    type: 'modal',
    callback_id: TEMPLATE_VIEW,
    private_metadata: JSON.stringify({ id: entry.id, round: input.round } satisfies TemplateMetadata),
    title: kit.plain(vt.modalTitle, 24),
    submit: kit.plain(vt.modalSave, 24),
    close: kit.plain(vt.modalClose, 24),
    blocks,
  };
}

/** Opens the modal of a text from its edit button. */
export async function openTemplateModal(press: ButtonPress, id: string): Promise<void> {
  const entry = catalogueEntry(id);
  if (!entry) return;
  const view = await templateView({
    services: press.services,
    language: languageOf(press.t),
    vt: voiceTextFor(press.t),
    entry,
    round: 0,
  });
  await press.slack.web.views.open({ trigger_id: press.triggerId, view });
}

/** The text as a Slack quote, escaped (what a customer would read). */
export function quote(text: string): string {
  return clip(
    text
      .split('\n')
      .map((line) => (line.trim() === '' ? '>' : `> ${escapeMrkdwn(line)}`))
      .join('\n'),
    2_800,
  );
}
