import { randomBytes } from 'node:crypto';
import { stringify } from 'node:querystring';
import { slackSignature } from '../../slack/signature.js';
import type { FakeSlackApi } from './fake-slack-api.js';

type Json = Record<string, unknown>;

/** Who does something in Slack. */
export interface SlackActor {
  userId: string;
  teamId?: string;
  userName?: string;
}

/** What came back: the HTTP answer (the ack) and where later answers go. */
export interface SlackRequestResult {
  status: number;
  /** The ack body: parsed JSON, the text, or '' when empty. */
  ack: Json | string;
  /** The response_url issued with the request (commands and message buttons). */
  responseUrlId?: string;
  triggerId?: string;
}

export interface RawOptions {
  contentType?: string;
  /** Unix seconds; default: now. */
  timestamp?: number | string | null;
  /** A signature to send instead of the right one; null leaves the header out. */
  signature?: string | null;
  headers?: Record<string, string>;
}

const API_APP_ID = 'A0JORENAPP';

/**
 * Sends what Slack sends to a bot — slash commands, interactivity payloads (block_actions,
 * view_submission) and Events API callbacks — signed exactly as Slack signs them, over HTTP to
 * `POST /slack/events`. Trigger ids and response URLs come from the fake Slack API, so views and
 * delayed answers work end to end.
 */
export class SlackRequestClient {
  constructor(
    private readonly botUrl: string,
    private readonly signingSecret: string,
    private readonly fake: FakeSlackApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A slash command as a staff member types it. */
  async command(
    actor: SlackActor,
    command: string,
    text: string,
    channel?: string,
  ): Promise<SlackRequestResult> {
    const response = this.fake.issueResponseUrl();
    const triggerId = this.fake.issueTriggerId(actor.userId);
    const channelId = channel ?? [...this.fake.channels.keys()][0] ?? 'C0GENERAL';
    const body = stringify({
      token: 'deprecated-verification-token',
      team_id: actor.teamId ?? this.fake.teamId,
      team_domain: 'joren-test',
      channel_id: channelId,
      channel_name: this.fake.channels.get(channelId)?.name ?? 'general',
      user_id: actor.userId,
      user_name: actor.userName ?? 'staff',
      command,
      text,
      api_app_id: API_APP_ID,
      is_enterprise_install: 'false',
      response_url: response.url,
      trigger_id: triggerId,
    });
    const result = await this.post(body, 'application/x-www-form-urlencoded');
    return { ...result, responseUrlId: response.id, triggerId };
  }

  /** A button press in a message (channel message or ephemeral) or in a view. */
  async blockAction(
    actor: SlackActor,
    action: { actionId: string; value?: string; blockId?: string },
    where: { channel: string; messageTs: string; ephemeral?: boolean } | { viewId: string },
  ): Promise<SlackRequestResult> {
    const triggerId = this.fake.issueTriggerId(actor.userId);
    const response = 'viewId' in where ? undefined : this.fake.issueResponseUrl();
    const container =
      'viewId' in where
        ? { type: 'view', view_id: where.viewId }
        : {
            type: 'message',
            message_ts: where.messageTs,
            channel_id: where.channel,
            is_ephemeral: where.ephemeral ?? false,
          };
    const payload: Json = {
      type: 'block_actions',
      user: this.user(actor),
      api_app_id: API_APP_ID,
      token: 'deprecated-verification-token',
      container,
      trigger_id: triggerId,
      team: { id: actor.teamId ?? this.fake.teamId, domain: 'joren-test' },
      enterprise: null,
      is_enterprise_install: false,
      ...('viewId' in where
        ? { view: this.fake.views.get(where.viewId)?.view ?? { id: where.viewId } }
        : { channel: { id: where.channel, name: 'staff' }, message: this.messageJson(where) }),
      state: { values: {} },
      ...(response ? { response_url: response.url } : {}),
      actions: [
        {
          type: 'button',
          action_id: action.actionId,
          block_id: action.blockId ?? 'b',
          text: { type: 'plain_text', text: action.actionId },
          ...(action.value !== undefined ? { value: action.value } : {}),
          action_ts: this.timestamp(),
        },
      ],
    };
    const result = await this.post(
      stringify({ payload: JSON.stringify(payload) }),
      'application/x-www-form-urlencoded',
    );
    return { ...result, ...(response ? { responseUrlId: response.id } : {}), triggerId };
  }

  /**
   * A modal submitted: `values` maps block id → action id → typed value, as in `view.state.values`.
   * With `viewId`, the modal the bot opened (callback id and private metadata are read from it).
   */
  async viewSubmission(
    actor: SlackActor,
    view: { viewId?: string; callbackId?: string; privateMetadata?: string },
    values: Record<string, Record<string, string>>,
  ): Promise<SlackRequestResult> {
    const opened = view.viewId ? this.fake.views.get(view.viewId)?.view : undefined;
    const state = Object.fromEntries(
      Object.entries(values).map(([block, actions]) => [
        block,
        Object.fromEntries(
          Object.entries(actions).map(([id, value]) => [id, { type: 'plain_text_input', value }]),
        ),
      ]),
    );
    const payload: Json = {
      type: 'view_submission',
      team: { id: actor.teamId ?? this.fake.teamId, domain: 'joren-test' },
      user: this.user(actor),
      api_app_id: API_APP_ID,
      token: 'deprecated-verification-token',
      trigger_id: this.fake.issueTriggerId(actor.userId),
      view: {
        ...(opened ?? {}),
        id: view.viewId ?? 'V0UNKNOWN',
        type: 'modal',
        callback_id: view.callbackId ?? opened?.callback_id,
        private_metadata: view.privateMetadata ?? opened?.private_metadata ?? '',
        state: { values: state },
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.post(stringify({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  }

  /** An Events API callback around `event`. */
  async event(event: Json, teamId = this.fake.teamId): Promise<SlackRequestResult> {
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: teamId,
      api_app_id: API_APP_ID,
      event: { event_ts: this.timestamp(), ...event },
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(this.now().getTime() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: this.fake.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    });
    return this.post(body, 'application/json');
  }

  /** A person writes in a thread: the message is added to the fake channel, then the event is sent. */
  async threadReply(actor: SlackActor, channel: string, threadTs: string, text: string, extra: Json = {}) {
    const message = this.fake.addHumanMessage({ channel, user: actor.userId, text, threadTs });
    const result = await this.event(
      {
        type: 'message',
        channel,
        channel_type: 'channel',
        user: actor.userId,
        team: actor.teamId ?? this.fake.teamId,
        text,
        ts: message.ts,
        thread_ts: threadTs,
        client_msg_id: randomBytes(8).toString('hex'),
        ...extra,
      },
      actor.teamId ?? this.fake.teamId,
    );
    return { ...result, ts: message.ts };
  }

  appHomeOpened(actor: SlackActor): Promise<SlackRequestResult> {
    return this.event({ type: 'app_home_opened', user: actor.userId, channel: 'D0HOME', tab: 'home' });
  }

  urlVerification(challenge: string): Promise<SlackRequestResult> {
    return this.post(
      JSON.stringify({ token: 'deprecated-verification-token', challenge, type: 'url_verification' }),
      'application/json',
    );
  }

  /** POSTs a body signed (or not) as told. */
  async postRaw(body: string, options: RawOptions = {}): Promise<SlackRequestResult> {
    const timestamp = options.timestamp === undefined ? this.timestamp() : options.timestamp;
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json',
      ...options.headers,
    };
    if (timestamp !== null) headers['x-slack-request-timestamp'] = String(timestamp);
    if (options.signature !== null) {
      headers['x-slack-signature'] =
        options.signature ?? slackSignature(this.signingSecret, timestamp ?? '', body);
    }
    const res = await fetch(`${this.botUrl}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    let ack: Json | string = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) ack = JSON.parse(text) as Json;
    return { status: res.status, ack };
  }

  private post(body: string, contentType: string): Promise<SlackRequestResult> {
    return this.postRaw(body, { contentType });
  }

  private timestamp(): string {
    return String(Math.floor(this.now().getTime() / 1000));
  }

  private user(actor: SlackActor): Json {
    const name = actor.userName ?? 'staff';
    return { id: actor.userId, username: name, name, team_id: actor.teamId ?? this.fake.teamId };
  }

  private messageJson(where: { channel: string; messageTs: string }): Json {
    const message = this.fake.message(where.channel, where.messageTs);
    return {
      type: 'message',
      ts: where.messageTs,
      text: message?.text ?? '',
      ...(message?.blocks ? { blocks: message.blocks } : {}),
      user: message?.user ?? this.fake.botUserId,
    };
  }
}
