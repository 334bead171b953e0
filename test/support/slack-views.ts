import { stringify } from 'node:querystring';
import type { FakeView } from '../../src/sandbox/slack-api/fake-slack-api.js';
import type { SlackTestApp } from './slack-test-app.js';

type Json = Record<string, unknown>;

/** What a staff member typed or chose in a modal, by block and action (as Slack sends view state). */
export type ViewValues = Record<string, Record<string, Json>>;

/** A value typed in a text input. */
export const typed = (block: string, action: string, value: string): ViewValues => ({
  [block]: { [action]: { type: 'plain_text_input', value } },
});

/** An option chosen in radio buttons or a select. */
export const chosen = (block: string, action: string, value: string): ViewValues => ({
  [block]: { [action]: { type: 'radio_buttons', selected_option: { value } } },
});

/** The newest modal with this callback id (opened or updated by the bot). */
export function modal(t: SlackTestApp, callbackId: string): FakeView {
  const views = [...t.slackFake.views.values()].filter(
    (view) => view.type === 'modal' && view.view.callback_id === callbackId,
  );
  const view = views.at(-1);
  if (!view) throw new Error(`no modal ${callbackId} is open`);
  return view;
}

function user(t: SlackTestApp) {
  return { id: t.staff.userId, username: 'tanaka', name: 'tanaka', team_id: t.slackFake.teamId };
}

function viewPayload(stored: FakeView, values: ViewValues) {
  return { ...stored.view, id: stored.id, hash: stored.hash, type: 'modal', state: { values } };
}

async function post(t: SlackTestApp, payload: Json) {
  const result = await t.slack.postRaw(stringify({ payload: JSON.stringify(payload) }), {
    contentType: 'application/x-www-form-urlencoded',
  });
  await t.settleAll();
  return result;
}

/** Submits a modal as Slack does (view_submission); the ack says whether it closed or why not. */
export function submitView(t: SlackTestApp, stored: FakeView, values: ViewValues) {
  return post(t, {
    type: 'view_submission',
    team: { id: t.slackFake.teamId, domain: 'joren-test' },
    user: user(t),
    api_app_id: 'A0JORENAPP',
    trigger_id: t.slackFake.issueTriggerId(t.staff.userId),
    view: viewPayload(stored, values),
    response_urls: [],
  });
}

/** Presses a button inside a modal, with what is typed in it at that moment. */
export function pressInView(
  t: SlackTestApp,
  stored: FakeView,
  action: { actionId: string; value?: string },
  values: ViewValues = {},
) {
  return post(t, {
    type: 'block_actions',
    user: user(t),
    api_app_id: 'A0JORENAPP',
    team: { id: t.slackFake.teamId, domain: 'joren-test' },
    container: { type: 'view', view_id: stored.id },
    trigger_id: t.slackFake.issueTriggerId(t.staff.userId),
    view: viewPayload(stored, values),
    actions: [
      {
        type: 'button',
        action_id: action.actionId,
        block_id: 'b',
        ...(action.value !== undefined ? { value: action.value } : {}),
        action_ts: '1.0',
      },
    ],
  });
}

/** What the bot posted in the staff channel, newest last. */
export function channelTexts(t: SlackTestApp): string[] {
  return t.slackFake.messages
    .filter((message) => message.channel === t.staffChannel && !message.deleted)
    .map((message) => message.text ?? '');
}
