import { AdjustableClock } from '../../src/clock.js';
import { FakeSlackApi } from '../../src/sandbox/slack-api/fake-slack-api.js';
import {
  SlackRequestClient,
  type SlackActor,
  type SlackRequestResult,
} from '../../src/sandbox/slack-api/slack-requests.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const TEST_SLACK_SIGNING_SECRET = 'test-slack-signing-secret-0123456789';
export const TEST_SLACK_BOT_TOKEN = 'xoxb-test-bot-token';
export const STAFF_CHANNEL = 'C0STAFF0001';

type Json = Record<string, unknown>;

/** What a staff member sees after a command or a button: the last answer, and all of them. */
export interface SlackAnswer extends SlackRequestResult {
  responses: Json[];
  /** The answer on screen: the last response_url message, else the ack. */
  visible: Json;
  /** Every text in `visible` (text, sections, fields, context, button labels), joined by newlines. */
  text: string;
}

export interface SlackTestApp extends TestApp {
  slackFake: FakeSlackApi;
  slack: SlackRequestClient;
  staffChannel: string;
  /** A staff member of the shop's team. */
  staff: SlackActor;
  /** Waits until every Slack request (and the work after its ack) and every inbox event is done. */
  settleAll(): Promise<void>;
  command(actor: SlackActor, command: string, text: string): Promise<SlackAnswer>;
  press(
    actor: SlackActor,
    action: { actionId: string; value?: string },
    where: { channel: string; messageTs: string; ephemeral?: boolean } | { viewId: string },
  ): Promise<SlackAnswer>;
}

/**
 * The real app over HTTP with Slack configured against a fake Slack Web API: signed requests go to
 * `POST /slack/events`, and what the bot posts is read from the fake.
 */
export async function startSlackTestApp(
  options: TestAppOptions & {
    slackEnv?: Record<string, string>;
    /** Who can read the staff channel (default: a private channel). */
    staffChannelVisibility?: { isPrivate?: boolean; isShared?: boolean; isExtShared?: boolean };
  } = {},
): Promise<SlackTestApp> {
  const clock = options.clock ?? new AdjustableClock();
  const slackFake = await FakeSlackApi.start({ botToken: TEST_SLACK_BOT_TOKEN, now: () => clock.now() });
  slackFake.addChannel({
    id: STAFF_CHANNEL,
    name: 'staff',
    isPrivate: true,
    ...options.staffChannelVisibility,
  });
  const staffUserId = slackFake.addUser({ name: 'tanaka', realName: '田中 美咲', displayName: '田中' });
  const t = await startTestApp({
    ...options,
    clock,
    env: {
      SLACK_SIGNING_SECRET: TEST_SLACK_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_SLACK_BOT_TOKEN,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_STAFF_CHANNEL: STAFF_CHANNEL,
      SHOP_HOURS: '00:00-24:00',
      ...options.env,
      ...options.slackEnv,
    },
  });
  const slack = new SlackRequestClient(t.baseUrl, TEST_SLACK_SIGNING_SECRET, slackFake, () => clock.now());
  const settleAll = async () => {
    await t.context.slack.idle();
    await t.settle();
    await t.context.slack.idle();
  };
  const answer = async (result: SlackRequestResult): Promise<SlackAnswer> => {
    await settleAll();
    const responses = result.responseUrlId ? slackFake.responsesTo(result.responseUrlId) : [];
    const visible = responses.at(-1) ?? (typeof result.ack === 'string' ? { text: result.ack } : result.ack);
    return { ...result, responses, visible, text: textOf(visible) };
  };
  return {
    ...t,
    slackFake,
    slack,
    staffChannel: STAFF_CHANNEL,
    staff: { userId: staffUserId, userName: 'tanaka' },
    settleAll,
    command: async (actor, command, text) => answer(await slack.command(actor, command, text)),
    press: async (actor, action, where) => answer(await slack.blockAction(actor, action, where)),
    async stop() {
      await t.stop();
      await slackFake.stop();
    },
  };
}

/** Every text a person reads in a Slack message or view, in order. */
export function textOf(message: Json | undefined): string {
  if (!message) return '';
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Json;
    if ((object.type === 'mrkdwn' || object.type === 'plain_text') && typeof object.text === 'string') {
      texts.push(object.text);
      return;
    }
    for (const [key, value] of Object.entries(object)) {
      if (key === 'confirm') continue;
      visit(value);
    }
  };
  visit(message.blocks);
  if (texts.length === 0 && typeof message.text === 'string') texts.push(message.text);
  return texts.join('\n');
}
