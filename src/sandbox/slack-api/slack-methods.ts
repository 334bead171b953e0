import { randomBytes } from 'node:crypto';
import { checkBlocks, checkView, slackLimits } from './block-rules.js';
import type { FakeSlackApi, FakeSlackMessage, FakeView } from './fake-slack-api.js';

type Json = Record<string, unknown>;

export interface MethodContext {
  fake: FakeSlackApi;
  args: Json;
}

type Method = (context: MethodContext) => Json;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const fail = (error: string, messages?: string[]): Json => ({
  ok: false,
  error,
  ...(messages?.length ? { response_metadata: { messages } } : {}),
});

/** Checks a message's text and blocks as chat.postMessage / chat.update / chat.postEphemeral do. */
function checkMessageContent(args: Json): Json | undefined {
  const text = str(args.text);
  if (!text && args.blocks === undefined) return fail('no_text');
  if (text && text.length > slackLimits.messageText) return fail('msg_too_long');
  if (args.blocks !== undefined) {
    const problems = checkBlocks(args.blocks, slackLimits.messageBlocks);
    if (problems.length > 0) return fail('invalid_blocks', problems);
  }
  return undefined;
}

/** The channel a bot may post in, or Slack's refusal. */
function channelFor(fake: FakeSlackApi, id: unknown): { refusal: Json } | { id: string } {
  const channel = typeof id === 'string' ? fake.channels.get(id) : undefined;
  if (!channel) return { refusal: fail('channel_not_found') };
  if (!channel.botIsMember) return { refusal: fail('not_in_channel') };
  return { id: channel.id };
}

function messageJson(fake: FakeSlackApi, message: FakeSlackMessage): Json {
  return {
    type: 'message',
    user: message.user,
    ...(message.botId ? { bot_id: message.botId } : {}),
    text: message.text ?? '',
    ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    team: fake.teamId,
  };
}

function viewJson(fake: FakeSlackApi, view: FakeView): Json {
  return { ...view.view, id: view.id, hash: view.hash, team_id: fake.teamId, type: view.type };
}

function storeView(fake: FakeSlackApi, view: Json, userId: string | undefined, id?: string): FakeView {
  const stored: FakeView = {
    id: id ?? fake.newId('V'),
    hash: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    type: view.type as 'modal' | 'home',
    ...(userId ? { userId } : {}),
    view,
  };
  fake.keepView(stored);
  return stored;
}

/** The Web API methods Joren calls, with the checks and errors Slack documents for each. */
export const slackMethods: Record<string, Method> = {
  'auth.test': ({ fake }) => ({
    ok: true,
    url: 'https://joren-test.slack.com/',
    team: fake.teamName,
    user: 'joren',
    team_id: fake.teamId,
    user_id: fake.botUserId,
    bot_id: fake.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': ({ fake, args }) => {
    const channel = channelFor(fake, args.channel);
    if ('refusal' in channel) return channel.refusal;
    const refused = checkMessageContent(args);
    if (refused) return refused;
    const threadTs = str(args.thread_ts);
    if (threadTs && !fake.message(channel.id, threadTs)) return fail('thread_not_found');
    const message: FakeSlackMessage = {
      channel: channel.id,
      ts: fake.nextTs(),
      user: fake.botUserId,
      botId: fake.botId,
      ...(str(args.text) ? { text: str(args.text)! } : {}),
      ...(Array.isArray(args.blocks) ? { blocks: args.blocks as Json[] } : {}),
      ...(threadTs ? { threadTs } : {}),
      deleted: false,
      edits: 0,
      reactions: [],
    };
    fake.keepMessage(message);
    return { ok: true, channel: channel.id, ts: message.ts, message: messageJson(fake, message) };
  },

  'chat.update': ({ fake, args }) => {
    const message = fake.message(String(args.channel), String(args.ts));
    if (!message || message.deleted) return fail('message_not_found');
    if (message.user !== fake.botUserId) return fail('cant_update_message');
    const refused = checkMessageContent(args);
    if (refused) return refused;
    if (typeof args.text === 'string') message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks as Json[];
    message.edits += 1;
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text ?? '' };
  },

  'chat.delete': ({ fake, args }) => {
    const message = fake.message(String(args.channel), String(args.ts));
    if (!message || message.deleted) return fail('message_not_found');
    if (message.user !== fake.botUserId) return fail('cant_delete_message');
    message.deleted = true;
    return { ok: true, channel: message.channel, ts: message.ts };
  },

  'chat.postEphemeral': ({ fake, args }) => {
    const channel = channelFor(fake, args.channel);
    if ('refusal' in channel) return channel.refusal;
    const user = str(args.user);
    if (!user || !fake.users.has(user)) return fail('user_not_in_channel');
    const refused = checkMessageContent(args);
    if (refused) return refused;
    const messageTs = fake.nextTs();
    fake.keepEphemeral({
      channel: channel.id,
      user,
      ...(str(args.text) ? { text: str(args.text)! } : {}),
      ...(Array.isArray(args.blocks) ? { blocks: args.blocks as Json[] } : {}),
      ...(str(args.thread_ts) ? { threadTs: str(args.thread_ts)! } : {}),
      messageTs,
    });
    return { ok: true, message_ts: messageTs };
  },

  'reactions.add': ({ fake, args }) => {
    const message = fake.message(String(args.channel), String(args.timestamp));
    if (!message || message.deleted) return fail('message_not_found');
    const name = str(args.name);
    if (!name) return fail('invalid_name');
    if (message.reactions.includes(name)) return fail('already_reacted');
    message.reactions.push(name);
    return { ok: true };
  },

  'views.open': ({ fake, args }) => {
    const trigger = fake.useTrigger(args.trigger_id);
    if ('error' in trigger) return fail(trigger.error);
    const problems = checkView(args.view, 'modal');
    if (problems.length > 0) return fail('invalid_arguments', problems);
    return { ok: true, view: viewJson(fake, storeView(fake, args.view as Json, trigger.userId)) };
  },

  'views.push': ({ fake, args }) => {
    const trigger = fake.useTrigger(args.trigger_id);
    if ('error' in trigger) return fail(trigger.error);
    const problems = checkView(args.view, 'modal');
    if (problems.length > 0) return fail('invalid_arguments', problems);
    return { ok: true, view: viewJson(fake, storeView(fake, args.view as Json, trigger.userId)) };
  },

  'views.update': ({ fake, args }) => {
    const existing = fake.views.get(String(args.view_id));
    if (!existing) return fail('not_found');
    if (str(args.hash) && args.hash !== existing.hash) return fail('hash_conflict');
    const problems = checkView(args.view, existing.type);
    if (problems.length > 0) return fail('invalid_arguments', problems);
    return {
      ok: true,
      view: viewJson(fake, storeView(fake, args.view as Json, existing.userId, existing.id)),
    };
  },

  'views.publish': ({ fake, args }) => {
    const userId = str(args.user_id);
    if (!userId || !fake.users.has(userId)) return fail('user_not_found');
    const problems = checkView(args.view, 'home');
    if (problems.length > 0) return fail('invalid_arguments', problems);
    const existing = fake.homeOf(userId);
    return { ok: true, view: viewJson(fake, storeView(fake, args.view as Json, userId, existing?.id)) };
  },

  'users.info': ({ fake, args }) => {
    const user = fake.users.get(String(args.user));
    if (!user) return fail('user_not_found');
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: user.teamId,
        name: user.name,
        real_name: user.realName ?? user.name,
        deleted: user.deleted ?? false,
        is_bot: user.isBot ?? false,
        // Slack sets is_restricted for every guest and is_ultra_restricted too for a single-channel one.
        is_restricted: (user.isRestricted ?? false) || (user.isUltraRestricted ?? false),
        is_ultra_restricted: user.isUltraRestricted ?? false,
        tz: 'Asia/Tokyo',
        ...(args.include_locale === 'true' || args.include_locale === true
          ? { locale: user.locale ?? 'ja-JP' }
          : {}),
        profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name },
      },
    };
  },

  'conversations.info': ({ fake, args }) => {
    const channel = typeof args.channel === 'string' ? fake.channels.get(args.channel) : undefined;
    if (!channel) return fail('channel_not_found');
    return {
      ok: true,
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: !channel.isPrivate,
        is_private: channel.isPrivate,
        is_member: channel.botIsMember,
        is_shared: (channel.isShared ?? false) || (channel.isExtShared ?? false),
        is_ext_shared: channel.isExtShared ?? false,
      },
    };
  },

  // Opens (or finds) the bot's direct-message channel with one user: needs im:write.
  'conversations.open': ({ fake, args }) => {
    const users = str(args.users)?.split(',') ?? [];
    if (users.length !== 1) return fail(users.length === 0 ? 'users_list_not_supplied' : 'not_supported');
    if (!fake.users.has(users[0]!)) return fail('user_not_found');
    const id = `D${users[0]!.slice(1)}`;
    if (!fake.channels.has(id)) fake.addChannel({ id, name: users[0]!, isPrivate: true });
    return { ok: true, channel: { id, is_im: true, user: users[0] } };
  },

  'files.getUploadURLExternal': ({ fake, args }) => {
    const filename = str(args.filename);
    const length = Number(args.length);
    if (!filename) return fail('invalid_arguments', ['[ERROR] missing required field: filename']);
    if (!Number.isInteger(length) || length < 1) return fail('invalid_arguments', ['[ERROR] invalid length']);
    const id = fake.newId('F');
    fake.keepUpload({ id, filename, length, completed: false });
    return { ok: true, upload_url: `${fake.url}/upload/v1/${id}`, file_id: id };
  },

  'files.completeUploadExternal': ({ fake, args }) => {
    const files = Array.isArray(args.files) ? (args.files as Json[]) : [];
    if (files.length === 0) return fail('invalid_arguments', ['[ERROR] missing required field: files']);
    const uploads = files.map((file) => fake.uploads.get(String(file.id)));
    if (uploads.some((upload) => !upload?.bytes)) return fail('file_not_found');
    const channel = str(args.channel_id);
    if (channel) {
      const found = channelFor(fake, channel);
      if ('refusal' in found) return found.refusal;
    }
    return {
      ok: true,
      files: uploads.map((upload, index) => {
        Object.assign(upload!, {
          completed: true,
          title: str(files[index]!.title) ?? upload!.filename,
          ...(channel ? { channel } : {}),
          ...(str(args.thread_ts) ? { threadTs: str(args.thread_ts) } : {}),
          ...(str(args.initial_comment) ? { initialComment: str(args.initial_comment) } : {}),
        });
        return { id: upload!.id, name: upload!.filename, title: upload!.title };
      }),
    };
  },
};
