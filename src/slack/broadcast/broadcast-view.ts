import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { BroadcastSegment } from '../../../scheduler/jobs/broadcast-audience.js';
import type { BroadcastPreview } from '../../../scheduler/broadcast-preview.js';
import { kit, type Block } from '../blocks/kit.js';
import type { OpsText } from '../text/ops-text.js';

/** The modal's callback id, and the ids of its inputs (kept stable: Slack keeps typed values by them). */
export const BROADCAST_VIEW = 'broadcast:compose';
export const FIELD = {
  text: { block: 'bc_text', action: 'bc:text' },
  segment: { block: 'bc_segment', action: 'bc:segment' },
  tag: { block: 'bc_tag', action: 'bc:tag' },
  days: { block: 'bc_days', action: 'bc:days' },
} as const;

export type SegmentKind = BroadcastSegment['kind'];
const KINDS: SegmentKind[] = ['all', 'lapsed', 'birthday-month', 'tag', 'quiet'];

/** What the modal holds: the chosen kind, and the tag and days as typed (maybe not yet valid). */
export interface BroadcastForm {
  kind: SegmentKind;
  text: string;
  tag: string;
  days: string;
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** Reads the modal's state as Slack sends it in block_actions and view_submission. */
export function formOf(values: StateValues | undefined): BroadcastForm {
  const read = (field: { block: string; action: string }) => values?.[field.block]?.[field.action];
  const kind = z
    .enum(KINDS as [SegmentKind, ...SegmentKind[]])
    .safeParse(read(FIELD.segment)?.selected_option?.value);
  return {
    kind: kind.success ? kind.data : 'all',
    text: read(FIELD.text)?.value ?? '',
    tag: read(FIELD.tag)?.value ?? '',
    days: read(FIELD.days)?.value ?? '',
  };
}

/** The segment the form names, or which field is missing. */
export function segmentOf(form: BroadcastForm): { segment: BroadcastSegment } | { missing: 'tag' | 'days' } {
  if (form.kind === 'tag') {
    const tag = form.tag.normalize('NFKC').trim();
    return tag && tag.length <= 50 ? { segment: { kind: 'tag', tag } } : { missing: 'tag' };
  }
  if (form.kind === 'quiet') {
    const days = Number(form.days.normalize('NFKC').trim());
    return Number.isInteger(days) && days >= 1 && days <= 365
      ? { segment: { kind: 'quiet', days } }
      : { missing: 'days' };
  }
  return { segment: { kind: form.kind } };
}

const option = (text: string, value: string): types.PlainTextOption => ({ text: kit.plain(text, 75), value });

/**
 * The broadcast modal: the message, who it goes to (a tag or a number of days when the segment needs
 * one), and the live count of recipients and LINE messages it will use.
 */
export function broadcastView(
  o: OpsText,
  form: BroadcastForm,
  preview: BroadcastPreview | undefined,
  metadata: string,
): types.ModalView {
  const labels: Record<SegmentKind, string> = {
    all: o.segmentAll,
    lapsed: o.segmentLapsed,
    'birthday-month': o.segmentBirthday,
    tag: o.segmentTag,
    quiet: o.segmentQuiet,
  };
  const options = KINDS.map((kind) => option(labels[kind], kind));
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: FIELD.text.block,
      label: kit.plain(o.broadcastText, 2_000),
      hint: kit.plain(o.broadcastTextHint, 2_000),
      element: { type: 'plain_text_input', action_id: FIELD.text.action, multiline: true, max_length: 5_000 },
    },
    {
      type: 'input',
      block_id: FIELD.segment.block,
      dispatch_action: true,
      label: kit.plain(o.broadcastSegment, 2_000),
      element: {
        type: 'static_select',
        action_id: FIELD.segment.action,
        options,
        initial_option: options[KINDS.indexOf(form.kind)]!,
      },
    },
  ];
  if (form.kind === 'tag') blocks.push(dispatchedInput(FIELD.tag, o.broadcastTag, 50));
  if (form.kind === 'quiet') blocks.push(dispatchedInput(FIELD.days, o.broadcastDays, 3));
  blocks.push(kit.divider(), kit.section(countLine(o, form, preview)), kit.context(o.broadcastPolicy));
  return {
    type: 'modal',
    callback_id: BROADCAST_VIEW,
    private_metadata: metadata,
    title: kit.plain(o.broadcastTitle, 24),
    submit: kit.plain(o.broadcastSubmit, 24),
    close: kit.plain(o.broadcastClose, 24),
    blocks,
  };
}

function dispatchedInput(field: { block: string; action: string }, label: string, maxLength: number): Block {
  return {
    type: 'input',
    block_id: field.block,
    dispatch_action: true,
    label: kit.plain(label, 2_000),
    element: {
      type: 'plain_text_input',
      action_id: field.action,
      max_length: maxLength,
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed', 'on_character_entered'] },
    },
  };
}

function countLine(o: OpsText, form: BroadcastForm, preview: BroadcastPreview | undefined): string {
  const chosen = segmentOf(form);
  if ('missing' in chosen) return chosen.missing === 'tag' ? o.broadcastNeedsTag : o.broadcastNeedsDays;
  if (!preview) return o.broadcastCounting;
  const quota = preview.quota;
  const remaining =
    quota === undefined
      ? o.quotaUnknown
      : quota.limit === null
        ? o.quotaUnlimited
        : String(Math.max(0, quota.limit - quota.used));
  return [
    o.broadcastCount({ recipients: preview.recipients, matched: preview.matched }),
    o.broadcastQuota({ uses: preview.recipients, remaining }),
  ].join('\n');
}
