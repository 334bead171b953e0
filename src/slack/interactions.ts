import type { App, BlockAction, ButtonAction, RespondFn, ViewSubmitAction, ViewOutput } from '@slack/bolt';
import { JorenError } from '../errors.js';
import type { SlackDeps } from './slack-deps.js';
import type { StaffMemberRef } from './staff-directory.js';
import { staffText, type StaffText } from './text/index.js';

/** A button press, acknowledged already; what a handler needs to answer it. */
export interface ButtonPress extends SlackDeps {
  value: string;
  member: StaffMemberRef;
  t: StaffText;
  triggerId: string;
  /** Answers in place of the message the button was in (ephemeral, only the presser sees it). */
  reply(message: { text: string; blocks?: unknown[] }): Promise<void>;
  /** The channel message the button was in (not an ephemeral one or a view): to update it for everyone. */
  message?: { channel: string; ts: string; blocks: unknown[] };
}

export interface ButtonHandler {
  /** The action id, or a pattern for ids that carry an item (`customer:show:<id>`). */
  actionId: string | RegExp;
  run(press: ButtonPress): Promise<void>;
}

/** A modal submitted, acknowledged already (the modal closed). */
export interface ViewSubmission extends SlackDeps {
  view: ViewOutput;
  member: StaffMemberRef;
  t: StaffText;
}

export interface ViewHandler {
  callbackId: string;
  run(submission: ViewSubmission): Promise<void>;
}

/**
 * Wires buttons and modals to Bolt. Each is acknowledged first — Slack wants it within three seconds,
 * and the work (a LINE push, an erasure) may take longer — then handled; a failure is logged with its
 * code and told to the staff member.
 */
export function registerInteractions(
  bolt: App,
  deps: SlackDeps,
  handlers: { buttons: ButtonHandler[]; views: ViewHandler[] },
): void {
  for (const handler of handlers.buttons) {
    bolt.action<BlockAction<ButtonAction>>(handler.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const member = { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
      const t = staffText(await deps.slack.staff.languageOf(member));
      const reply = replier(respond);
      const channel = body.channel?.id;
      const message = body.message as { ts?: string; blocks?: unknown[] } | undefined;
      try {
        await handler.run({
          ...deps,
          value: action.value ?? '',
          member,
          t,
          triggerId: body.trigger_id,
          reply,
          ...(channel && message?.ts
            ? { message: { channel, ts: message.ts, blocks: message.blocks ?? [] } }
            : {}),
        });
      } catch (error) {
        await failed(deps, error, t, reply, { actionId: action.action_id });
      }
    });
  }
  for (const handler of handlers.views) {
    bolt.view<ViewSubmitAction>(handler.callbackId, async ({ ack, body, view }) => {
      await ack();
      const member = { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
      const t = staffText(await deps.slack.staff.languageOf(member));
      try {
        await handler.run({ ...deps, view, member, t });
      } catch (error) {
        await failed(deps, error, t, undefined, { callbackId: handler.callbackId });
      }
    });
  }
}

/** Joren's code of an error, or INTERNAL for anything unexpected. */
export function errorCodeOf(error: unknown): string {
  return error instanceof JorenError ? error.code : 'INTERNAL';
}

function replier(respond: RespondFn | undefined) {
  return async (message: { text: string; blocks?: unknown[] }) => {
    await respond?.({
      response_type: 'ephemeral',
      replace_original: true,
      ...message,
    });
  };
}

async function failed(
  deps: SlackDeps,
  error: unknown,
  t: StaffText,
  reply: ((message: { text: string }) => Promise<void>) | undefined,
  where: Record<string, string>,
): Promise<void> {
  const code = errorCodeOf(error);
  // Only our own codes: a library's message can quote a customer.
  deps.services.log.error(
    { ...where, code, errorName: (error as Error | null)?.name },
    'Slack interaction failed',
  );
  await reply?.({ text: t.failed({ code }) }).catch(() => undefined);
}
