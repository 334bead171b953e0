import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import express, { type Request, type Response } from 'express';
import { slackMethods, type MethodContext } from './slack-methods.js';
import { closeServer } from '../close-server.js';
import { dropOldest, keepLatest, unlimited, type SimulatorLimits } from '../limits.js';

type Json = Record<string, unknown>;

export interface FakeSlackUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  teamId: string;
  isBot?: boolean;
  locale?: string;
  /** A multi-channel guest (users.info `is_restricted`). */
  isRestricted?: boolean;
  /** A single-channel guest (users.info `is_restricted` and `is_ultra_restricted`). */
  isUltraRestricted?: boolean;
  /** Deactivated. */
  deleted?: boolean;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** The bot was invited: it may post there. */
  botIsMember: boolean;
  /** Shared with another workspace (`is_shared`) or another company by Slack Connect (`is_ext_shared`). */
  isShared?: boolean;
  isExtShared?: boolean;
}

/** A message in a channel, as the fake keeps it (the bot's posts and those tests add for people). */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  botId?: string;
  text?: string;
  blocks?: Json[];
  deleted: boolean;
  edits: number;
  reactions: string[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: Json[];
  threadTs?: string;
  messageTs: string;
}

export interface FakeView {
  id: string;
  hash: string;
  type: 'modal' | 'home';
  /** Who sees it: the user a modal was opened for, or whose App Home it is. */
  userId?: string;
  view: Json;
}

export interface SlackCall {
  method: string;
  args: Json;
  ok: boolean;
  error?: string;
  status: number;
  at: Date;
}

export interface ResponseUrlPost {
  id: string;
  body: Json;
  at: Date;
}

export interface FakeUpload {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  completed: boolean;
  title?: string;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

export interface FakeSlackApiOptions {
  botToken: string;
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  now?: () => Date;
  port?: number;
  /** The token's scopes, sent as Slack does in the x-oauth-scopes header of authenticated calls. */
  scopes?: string[];
  /** How much it keeps (default: everything; the sandbox keeps the latest). */
  limits?: SimulatorLimits;
}

/** Slack lets a response_url be used five times within thirty minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
/** A trigger_id is good for one view, for three seconds. */
const TRIGGER_TTL_MS = 3_000;

/**
 * A local Slack Web API for the methods Joren uses, answering as Slack documents: HTTP 200 with
 * `{ok:false, error}` for refusals (invalid_auth, channel_not_found, invalid_blocks…), 429 with
 * Retry-After when told to, trigger ids that expire, response URLs used at most five times, and the
 * external file-upload flow. It records every call, and keeps channels, threads, views and uploads
 * so tests can read what staff would see.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly messages: FakeSlackMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views = new Map<string, FakeView>();
  readonly uploads = new Map<string, FakeUpload>();
  readonly responses: ResponseUrlPost[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly channels = new Map<string, FakeSlackChannel>();
  readonly teamId: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly botId: string;
  url = '';

  private readonly triggers = new Map<
    string,
    { issuedAt: number; used: boolean; userId: string | undefined }
  >();
  private readonly responseUrls = new Map<string, { issuedAt: number; uses: number }>();
  private readonly rateLimits: { method: string; retryAfter: number }[] = [];
  private readonly failures: { method: string; error: string }[] = [];
  private lastTs = 0;
  private server: Server | undefined;
  readonly now: () => Date;
  /** The token's scopes (x-oauth-scopes); undefined sends no header. */
  scopes: string[] | undefined;
  readonly limits: SimulatorLimits;

  constructor(private readonly options: FakeSlackApiOptions) {
    this.now = options.now ?? (() => new Date());
    this.scopes = options.scopes;
    this.limits = options.limits ?? unlimited;
    this.teamId = options.teamId ?? 'T0FAKETEAM';
    this.teamName = options.teamName ?? 'Joren Test Shop';
    this.botUserId = options.botUserId ?? 'U0JORENBOT';
    this.botId = options.botId ?? 'B0JORENBOT';
    this.users.set(this.botUserId, { id: this.botUserId, name: 'joren', teamId: this.teamId, isBot: true });
  }

  static async start(options: FakeSlackApiOptions): Promise<FakeSlackApi> {
    const fake = new FakeSlackApi(options);
    await fake.listen(options.port ?? 0);
    return fake;
  }

  /** The Web API base URL to give the bot (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  // ---- test controls -------------------------------------------------------------------------

  addUser(user: Omit<FakeSlackUser, 'teamId' | 'id'> & { id?: string; teamId?: string }): string {
    const id = user.id ?? `U${randomBytes(5).toString('hex').toUpperCase()}`;
    this.users.set(id, { ...user, id, teamId: user.teamId ?? this.teamId });
    return id;
  }

  addChannel(channel: {
    id?: string;
    name: string;
    isPrivate?: boolean;
    botIsMember?: boolean;
    isShared?: boolean;
    isExtShared?: boolean;
  }): string {
    const id = channel.id ?? `C${randomBytes(5).toString('hex').toUpperCase()}`;
    this.channels.set(id, {
      id,
      name: channel.name,
      isPrivate: channel.isPrivate ?? false,
      botIsMember: channel.botIsMember ?? true,
      isShared: channel.isShared ?? false,
      isExtShared: channel.isExtShared ?? false,
    });
    return id;
  }

  /** A message a person wrote (tests post staff replies this way before sending the event). */
  addHumanMessage(input: {
    channel: string;
    user: string;
    text: string;
    threadTs?: string;
  }): FakeSlackMessage {
    const message: FakeSlackMessage = {
      channel: input.channel,
      ts: this.nextTs(),
      user: input.user,
      text: input.text,
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      deleted: false,
      edits: 0,
      reactions: [],
    };
    this.keepMessage(message);
    return message;
  }

  /** A trigger_id as Slack puts in a slash command or an interaction by `userId` (one view, three seconds). */
  issueTriggerId(userId?: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now().getTime(), used: false, userId });
    dropOldest(this.triggers, this.limits.records);
    return id;
  }

  /** A response_url as Slack puts in a slash command or an interaction. */
  issueResponseUrl(): { id: string; url: string } {
    const id = randomBytes(8).toString('hex');
    this.responseUrls.set(id, { issuedAt: this.now().getTime(), uses: 0 });
    dropOldest(this.responseUrls, this.limits.records);
    return { id, url: `${this.url}/hooks/commands/${this.teamId}/${id}` };
  }

  /** The next call to `method` ('*' for any) answers 429 with this Retry-After (seconds). */
  rateLimitNext(method: string, retryAfterSeconds = 1): void {
    this.rateLimits.push({ method, retryAfter: retryAfterSeconds });
  }

  /** The next call to `method` answers `{ok:false, error}`. */
  failNext(method: string, error: string): void {
    this.failures.push({ method, error });
  }

  // ---- reading what staff see -----------------------------------------------------------------

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Top-level messages of a channel (not deleted), oldest first. */
  channelMessages(channel: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.threadTs && !m.deleted);
  }

  /** Replies in a thread (not deleted), oldest first. */
  threadReplies(channel: string, threadTs: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === threadTs && !m.deleted);
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** What was posted to one response_url, in order. */
  responsesTo(id: string): Json[] {
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /** Modals opened for a user, oldest first. */
  modalsFor(userId: string): FakeView[] {
    return [...this.views.values()].filter((v) => v.type === 'modal' && v.userId === userId);
  }

  homeOf(userId: string): FakeView | undefined {
    return [...this.views.values()].find((v) => v.type === 'home' && v.userId === userId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
  }

  // ---- used by the method handlers ------------------------------------------------------------

  /** Keeps a channel message (the oldest go beyond the limit). */
  keepMessage(message: FakeSlackMessage): void {
    keepLatest(this.messages, message, this.limits.records);
  }

  keepEphemeral(ephemeral: FakeEphemeral): void {
    keepLatest(this.ephemerals, ephemeral, this.limits.records);
  }

  keepView(view: FakeView): void {
    this.views.set(view.id, view);
    dropOldest(this.views, this.limits.records);
  }

  keepUpload(upload: FakeUpload): void {
    this.uploads.set(upload.id, upload);
    dropOldest(this.uploads, this.limits.uploads);
  }

  /** A message timestamp as Slack makes them: seconds and microseconds, unique and increasing. */
  nextTs(): string {
    const micros = Math.max(this.now().getTime() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** Uses a trigger id: the user it was issued for, or Slack's error. */
  useTrigger(triggerId: unknown): { userId: string | undefined } | { error: string } {
    const trigger = typeof triggerId === 'string' ? this.triggers.get(triggerId) : undefined;
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used || this.now().getTime() - trigger.issuedAt > TRIGGER_TTL_MS)
      return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { userId: trigger.userId };
  }

  newId(prefix: string): string {
    return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async listen(port: number): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.post('/hooks/commands/:team/:id', express.json({ limit: '1mb' }), (req, res) =>
      this.respondUrl(req, res),
    );
    app.post('/upload/v1/:fileId', express.raw({ type: () => true, limit: '20mb' }), (req, res) =>
      this.upload(req, res),
    );
    app.post('/api/:method', express.raw({ type: () => true, limit: '2mb' }), (req, res) =>
      this.api(req, res),
    );
    app.use((_req: Request, res: Response) => res.status(404).json({ ok: false, error: 'unknown_method' }));

    await new Promise<void>((resolve) => {
      this.server = app.listen(port, '127.0.0.1', () => resolve());
    });
    this.server!.keepAliveTimeout = 30_000;
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private api(req: Request, res: Response): void {
    const method = String(req.params.method);
    const args = parseArgs(req);
    const answer = (status: number, body: Json) => {
      const ok = body.ok === true;
      const call = { method, args, ok, status, ...(ok ? {} : { error: String(body.error) }), at: this.now() };
      keepLatest(this.calls, call, this.limits.records);
      res.status(status).json(body);
    };

    const limited = this.take(this.rateLimits, method);
    if (limited) {
      res.setHeader('Retry-After', String(limited.retryAfter));
      return answer(429, { ok: false, error: 'ratelimited' });
    }
    const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? (args.token as string | undefined);
    if (!bearer) return answer(200, { ok: false, error: 'not_authed' });
    if (bearer !== this.options.botToken) return answer(200, { ok: false, error: 'invalid_auth' });
    if (this.scopes) res.setHeader('x-oauth-scopes', this.scopes.join(','));
    const failure = this.take(this.failures, method);
    if (failure) return answer(200, { ok: false, error: failure.error });

    const handler = slackMethods[method];
    if (!handler) return answer(404, { ok: false, error: 'unknown_method' });
    const context: MethodContext = { fake: this, args };
    answer(200, handler(context));
  }

  private respondUrl(req: Request, res: Response): void {
    const id = String(req.params.id);
    const entry = this.responseUrls.get(id);
    if (
      !entry ||
      entry.uses >= RESPONSE_URL_USES ||
      this.now().getTime() - entry.issuedAt > RESPONSE_URL_TTL_MS
    ) {
      res.status(404).send('used_url');
      return;
    }
    entry.uses += 1;
    keepLatest(this.responses, { id, body: req.body as Json, at: this.now() }, this.limits.records);
    res.status(200).send('ok');
  }

  private upload(req: Request, res: Response): void {
    const upload = this.uploads.get(String(req.params.fileId));
    if (!upload) {
      res.status(404).send('not found');
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // Slack takes the bytes as the body or as multipart/form-data (what @slack/web-api sends).
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.get('content-type') ?? '');
    upload.bytes = boundary ? (firstFormPart(raw, boundary[1] ?? boundary[2]!) ?? raw) : raw;
    res.status(200).send(`OK - ${upload.bytes.length}`);
  }

  private take<T extends { method: string }>(queue: T[], method: string): T | undefined {
    const index = queue.findIndex((entry) => entry.method === method || entry.method === '*');
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  }
}

/** The content of the first part of a multipart/form-data body, or undefined when it has none. */
function firstFormPart(body: Buffer, boundary: string): Buffer | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
  if (headersEnd < 0 || end < 0) return undefined;
  return body.subarray(headersEnd + 4, end);
}

/** The arguments of a Web API call: form-encoded (JSON-encoded objects inside) or a JSON body. */
function parseArgs(req: Request): Json {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if ((req.get('content-type') ?? '').includes('application/json')) {
    try {
      return JSON.parse(raw) as Json;
    } catch {
      return {};
    }
  }
  const form = parseQuery(raw);
  const args: Json = {};
  for (const [key, value] of Object.entries(form)) {
    const text = Array.isArray(value) ? value[0] : value;
    args[key] = text !== undefined && /^[[{]/.test(text) ? tryJson(text) : text;
  }
  return args;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
