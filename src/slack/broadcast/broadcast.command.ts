import { createHash } from 'node:crypto';
import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { errorCodeOf } from '../interactions.js';
import { defineCommand } from '../commands/command.js';
import { normalizeArgument, parsedJson } from '../commands/arguments.js';
import type { SlackDeps } from '../slack-deps.js';
import { opsText, opsTextFor } from '../text/ops-text.js';
import { slackErrorCode } from '../web-client.js';
import {
  BROADCAST_VIEW,
  FIELD,
  broadcastView,
  formOf,
  segmentOf,
  type BroadcastForm,
} from './broadcast-view.js';

const EMPTY_FORM: BroadcastForm = { kind: 'all', text: '', tag: '', days: '' };

/** The modal carries its broadcast id: a double submit schedules one broadcast. */
const metadata = z.object({ broadcastId: z.string().regex(/^[\w-]{1,64}$/) });

/**
 * `/broadcast`: opens the broadcast modal at once (Slack's trigger id lasts three seconds), then fills
 * in the live count of recipients, which reads every customer.
 */
export const broadcastCommand = defineCommand({
  name: '/broadcast',
  args: z.string().transform(normalizeArgument).pipe(z.literal('')),
  usage: (t) => opsTextFor(t).usageBroadcast,
  async run(_args, call) {
    const o = opsTextFor(call.t);
    const broadcastId = `bc-${createHash('sha256').update(call.triggerId).digest('hex').slice(0, 20)}`;
    const opened = await call.slack.web.views.open({
      trigger_id: call.triggerId,
      view: broadcastView(o, EMPTY_FORM, undefined, JSON.stringify({ broadcastId })),
    });
    const view = opened.view;
    if (view?.id) {
      const preview = await call.services.scheduler.previewBroadcast({ kind: 'all' });
      await call.slack.web.views
        .update({
          view_id: view.id,
          ...(view.hash ? { hash: view.hash } : {}),
          view: broadcastView(o, EMPTY_FORM, preview, JSON.stringify({ broadcastId })),
        })
        .catch((error: unknown) => logUpdateFailure(call, error));
    }
    return { text: o.broadcastOpened };
  },
});

function logUpdateFailure(deps: SlackDeps, error: unknown): void {
  // A hash conflict means staff changed the form meanwhile; that change brings its own count.
  if (slackErrorCode(error) === 'hash_conflict') return;
  deps.services.log.warn(
    { code: errorCodeOf(error), slackError: slackErrorCode(error) },
    'broadcast modal not updated',
  );
}

/**
 * The modal's live count (a changed segment, tag or number of days recounts and updates the view) and
 * its submission: checked, then scheduled through the scheduler's broadcast job, which sends through
 * the contact policy. The staff channel is told who scheduled what.
 */
export function registerBroadcast(bolt: App, deps: SlackDeps): void {
  const actionIds = new RegExp(`^(${FIELD.segment.action}|${FIELD.tag.action}|${FIELD.days.action})$`);
  bolt.action<BlockAction>({ action_id: actionIds }, async ({ ack, body }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const member = { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
    const o = opsText(await deps.slack.staff.languageOf(member));
    const form = formOf(view.state?.values);
    const chosen = segmentOf(form);
    try {
      const preview =
        'segment' in chosen ? await deps.services.scheduler.previewBroadcast(chosen.segment) : undefined;
      await deps.slack.web.views.update({
        view_id: view.id,
        hash: view.hash,
        view: broadcastView(o, form, preview, view.private_metadata),
      });
    } catch (error) {
      logUpdateFailure(deps, error);
    }
  });

  bolt.view<ViewSubmitAction>(BROADCAST_VIEW, async ({ ack, body, view }) => {
    const member = { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
    const o = opsText(await deps.slack.staff.languageOf(member));
    const form = formOf(view.state.values);
    const text = form.text.trim();
    const chosen = segmentOf(form);
    const meta = metadata.safeParse(parsedJson(view.private_metadata));
    const errors: Record<string, string> = {};
    if (!text || text.length > 5_000) errors[FIELD.text.block] = o.broadcastNeedsText;
    if ('missing' in chosen) {
      errors[chosen.missing === 'tag' ? FIELD.tag.block : FIELD.days.block] =
        chosen.missing === 'tag' ? o.broadcastNeedsTag : o.broadcastNeedsDays;
    }
    if (!meta.success) errors[FIELD.text.block] = o.broadcastNeedsText;
    if (Object.keys(errors).length > 0 || !('segment' in chosen) || !meta.success) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    try {
      const preview = await deps.services.scheduler.previewBroadcast(chosen.segment);
      await deps.services.scheduler.scheduleBroadcast({
        broadcastId: meta.data.broadcastId,
        text,
        segment: chosen.segment,
      });
      deps.services.log.info(
        { broadcastId: meta.data.broadcastId, segment: chosen.segment.kind, recipients: preview.recipients },
        'broadcast scheduled from Slack',
      );
      const channel = opsTextFor(deps.slack.channelText);
      await deps.slack.web.chat.postMessage({
        channel: deps.slack.staffChannel,
        text: `${channel.broadcastScheduled({ recipients: preview.recipients })} (<@${member.userId}>)`,
      });
    } catch (error) {
      deps.services.log.error(
        { code: errorCodeOf(error), slackError: slackErrorCode(error) },
        'broadcast not scheduled',
      );
    }
  });
}
