import type { App } from '@slack/bolt';
import { addStaffNote } from '../../customers/staff-notes.js';
import { z } from 'zod';
import { clip, slackToPlainText } from '../mrkdwn.js';
import type { SlackDeps } from '../slack-deps.js';
import { staffText } from '../text/index.js';

/**
 * A message event Joren acts on: a person's reply in a thread. Edits, deletions, joins and bot
 * posts carry a subtype (or a bot_id) and are not this; a reply also sent to the channel
 * (thread_broadcast) and one with a file attached (file_share) are.
 */
const staffThreadReply = z.object({
  type: z.literal('message'),
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  bot_id: z.never().optional(),
  channel: z.string(),
  user: z.string(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string(),
  team: z.string().optional(),
  user_team: z.string().optional(),
});

/** `note:` (or `メモ:`) at the start, in any width or case: an internal note, not sent. */
const NOTE = /^(note|ｎｏｔｅ|メモ)\s*[:：]\s*/i;

/**
 * Staff replies in a customer's thread: sent to the customer on LINE (✅ on the reply when LINE took
 * it; a line in the thread when it could not be sent), or kept as a staff note on the customer when
 * it starts with `note:`. Anything else in Slack — other channels, other threads, edits, deletions,
 * bots — is left alone.
 */
export function registerThreadReplies(bolt: App, deps: SlackDeps): void {
  bolt.event('message', async ({ event, body }) => {
    const parsed = staffThreadReply.safeParse(event);
    if (!parsed.success) return;
    const reply = parsed.data;
    if (reply.channel !== deps.slack.staffChannel || reply.thread_ts === reply.ts) return;
    const customerId = await deps.slack.desk.threads.customerOf(reply.channel, reply.thread_ts);
    if (!customerId) return;
    await handleReply(deps, reply, customerId, reply.user_team ?? reply.team ?? String(body.team_id));
  });
}

async function handleReply(
  deps: SlackDeps,
  reply: z.infer<typeof staffThreadReply>,
  customerId: string,
  teamId: string,
): Promise<void> {
  const { web, staff, channelText } = deps.slack;
  const t = staffText(await staff.languageOf({ teamId, userId: reply.user }));
  const tellStaffMember = (text: string) =>
    web.chat.postEphemeral({ channel: reply.channel, user: reply.user, thread_ts: reply.thread_ts, text });

  const text = slackToPlainText(reply.text ?? '');
  if (reply.subtype === 'file_share') await tellStaffMember(t.filesNotRelayed);
  if (text === '') return;
  const name = await staff.nameOf(reply.user);
  const note = NOTE.exec(text);
  if (note) {
    await saveNote(deps, customerId, { text: text.slice(note[0].length).trim(), by: name, ts: reply.ts });
    await tellStaffMember(t.noteSaved);
    return;
  }

  const outcome = await deps.services.staffReplies.send({
    customerId,
    text,
    staffName: name,
    key: `slack:${reply.channel}:${reply.ts}`,
  });
  if (outcome.ok) {
    await web.reactions
      .add({ channel: reply.channel, timestamp: reply.ts, name: 'white_check_mark' })
      .catch(() => undefined);
    return;
  }
  const reason =
    outcome.reason === 'line'
      ? channelText.sendReason.line({ code: outcome.code })
      : channelText.sendReason[outcome.reason];
  await web.chat.postMessage({
    channel: reply.channel,
    thread_ts: reply.thread_ts,
    text: channelText.sendFailed({ reason }),
  });
}

/** Keeps the note on the customer, once per Slack message (Slack may deliver an event twice). */
async function saveNote(deps: SlackDeps, customerId: string, note: { text: string; by: string; ts: string }) {
  const at = new Date(Math.round(Number(note.ts) * 1000));
  await addStaffNote(deps.services.models, customerId, { text: clip(note.text, 2_000), by: note.by, at });
}
