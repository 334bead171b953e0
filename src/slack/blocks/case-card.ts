import type { ComplaintCase, Customer } from '../../db/models/index.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import { formatMoment, type StaffText } from '../text/index.js';
import { OPEN_PROFILE, customerName } from './customer-card.js';
import { kit, type Block, type SlackMessage } from './kit.js';
import { caseCareBlocks } from '../reach/case-care-blocks.js';

export const TAKE_CASE = 'case:take';
export const RESOLVE_CASE = 'case:resolve';

/** Quotes a customer's words in mrkdwn. */
function quote(words: string): string {
  return escapeMrkdwn(clip(words, 1_400))
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/**
 * A complaint case as staff see it in the channel: the customer, what triggered it, their words,
 * their answer to the magic question, who has it and what was done — with 「担当する」 and
 * 「解決済み」 while it is open. The card is updated in place as the case moves.
 */
export function caseCard(
  input: { complaint: ComplaintCase; customer: Customer | null; rating?: number },
  t: StaffText,
  timeZone: string,
): SlackMessage {
  const { complaint, customer } = input;
  const name = customer ? customerName(customer) : t.forgottenCustomer;
  const who = customer ? `${name} · ${t.status[customer.status]}` : name;
  const at = (date: Date | undefined) => (date ? formatMoment(date, timeZone) : '');
  const state =
    complaint.status === 'resolved'
      ? t.caseResolved({ by: escapeMrkdwn(complaint.resolvedBy ?? ''), at: at(complaint.resolvedAt) })
      : complaint.status === 'in-progress'
        ? t.caseTaken({ by: escapeMrkdwn(complaint.takenBy ?? ''), at: at(complaint.takenAt) })
        : t.caseOpen;
  const stateLines = [state];
  if (complaint.resolution)
    stateLines.push(t.caseResolution({ resolution: escapeMrkdwn(clip(complaint.resolution, 500)) }));
  if (complaint.confirmationSentAt) stateLines.push(t.caseConfirmed);
  else if (complaint.status === 'resolved') stateLines.push(t.caseNotConfirmed);

  const blocks: Block[] = [
    kit.header(t.caseHeader),
    kit.fields([
      [t.caseCustomer, who],
      [
        t.caseTrigger,
        t.trigger({ trigger: complaint.trigger, ...(input.rating ? { rating: input.rating } : {}) }),
      ],
    ]),
    kit.section(`*${t.caseWords}*\n${complaint.words ? quote(complaint.words) : t.caseNotYet}`),
    kit.section(`*${t.caseWish}*\n${complaint.wish ? quote(complaint.wish) : t.caseNotYet}`),
    kit.section(`*${t.caseState}*\n${stateLines.join('\n')}`),
    kit.context(
      t.caseOpenedBy({ by: escapeMrkdwn(complaint.history[0]?.by ?? 'joren'), at: at(complaint.openedAt) }),
    ),
  ];
  blocks.push(...caseCareBlocks(complaint, t, timeZone));
  const buttons = [];
  if (complaint.status === 'open')
    buttons.push(kit.button(t.takeButton, TAKE_CASE, complaint._id, { style: 'primary' }));
  if (complaint.status !== 'resolved') buttons.push(kit.button(t.resolveButton, RESOLVE_CASE, complaint._id));
  if (customer) buttons.push(kit.button(t.profileButton, OPEN_PROFILE, customer._id));
  if (buttons.length > 0) blocks.push(kit.actions(`case:${complaint._id}`.slice(0, 255), ...buttons));
  return { text: `${t.caseHeader}: ${who} — ${t.caseStatus[complaint.status]}`, blocks };
}
