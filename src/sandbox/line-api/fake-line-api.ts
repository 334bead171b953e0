import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { channelRoutes, type ChannelState } from './channel-routes.js';
import { checkMessages, isRetryKey, isUserId, lineLimits, type RuleViolation } from './message-rules.js';
import { closeServer } from '../close-server.js';
import { dropOldest, keepLatest, unlimited, type SimulatorLimits } from '../limits.js';

/** A message object as the bot sent it. */
export type SentMessage = Record<string, unknown> & { type: string };

export interface Delivery {
  via: 'reply' | 'push' | 'multicast';
  to: string;
  messages: SentMessage[];
  requestId: string;
  retryKey?: string;
  at: Date;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
  retryKey?: string;
  at: Date;
}

export interface FakeProfile {
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
}

export interface Fault {
  /** Answer with this error; without it, the request is handled as usual (after `delayMs`). */
  status?: 429 | 500 | 503;
  /** Deliver the message, then answer with the error (the retry must then get 409). */
  accepted?: boolean;
  /** Handle the request this long after it arrived, even if the client has given up by then (slow LINE). */
  delayMs?: number;
  /** The 429's Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

export interface FakeLineApiOptions {
  channelAccessToken: string;
  now?: () => Date;
  /** Monthly message limit; undefined for an unlimited plan. */
  quota?: number;
  /** Keep every request and delivery (tests); off for benchmarks, which only need counts. */
  record?: boolean;
  /** How much it keeps (default: everything; the sandbox keeps the latest). */
  limits?: SimulatorLimits;
  /** Signs the webhook test request (setup:line) as LINE would. */
  channelSecret?: string;
  port?: number;
}

type SendEndpoint = 'push' | 'multicast' | 'reply';

/** What the handlers read of a request: express's, or the lean push path's. */
type FakeRequest = Pick<Request, 'method' | 'path' | 'body'> & { get(name: string): string | undefined };
/** What the handlers write to a response: express's, or the lean push path's. */
interface FakeResponse {
  setHeader(name: string, value: string): unknown;
  getHeader(name: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/** The JSON body limit, of the express routes and the lean push path alike. */
const BODY_LIMIT = 2 * 1024 * 1024;
const PUSH_PATH = '/v2/bot/message/push';

/** Answers both paths give in the same words. */
const UNAUTHORIZED = {
  message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
};
const NOT_JSON = { message: 'The request body could not be parsed as JSON' };
const TOO_LARGE = { message: 'Request entity too large' };

const REPLY_TOKEN_TTL_MS = 60_000;
const RETRY_KEY_TTL_MS = 24 * 3_600_000;

/**
 * A local LINE Messaging API that behaves as LINE documents: bearer-token auth, payload limits,
 * reply tokens usable once for a minute, X-Line-Retry-Key semantics (409 once accepted), 429 for rate
 * limits and the monthly quota, 200-but-not-delivered for users who blocked the account, 400 "Failed to
 * send messages" for user ids that do not exist, profiles and quota endpoints. It records what the
 * bot sent and can be told to fail.
 */
export class FakeLineApi {
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: Delivery[] = [];
  /** Messages delivered per user (every request counts, including the bot's duplicates). */
  readonly deliveryCounts = new Map<string, number>();
  /** Deliveries since the start, including those no longer kept in `deliveries`. */
  deliveredTotal = 0;
  /** Requests whose client closed the connection before the answer (a client-side timeout). */
  abandonedRequests = 0;
  readonly limits: SimulatorLimits;
  url = '';
  /** Webhook URL and rich menus, as `npm run setup:line` leaves them. */
  readonly channel: ChannelState;

  private readonly users = new Map<string, FakeProfile & { blocked: boolean }>();
  private readonly replyTokens = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private readonly retryKeys = new Map<string, { requestId: string; at: number }>();
  private readonly faults: Fault[] = [];
  private randomFaults = { rate500: 0, rate429: 0 };
  private readonly buckets = new Map<
    SendEndpoint,
    { perSecond: number; tokens: number; refilledAt: number }
  >();
  private readonly listeners = new Set<(delivery: Delivery) => void>();
  private server: Server | undefined;
  private usage = 0;
  private quota: number | undefined;
  private sentSequence = 0;
  private readonly idPrefix = String(Date.now()).slice(-8);
  private readonly tokenPrefix = randomBytes(4).toString('hex');
  private readonly now: () => Date;
  private readonly record: boolean;

  constructor(private readonly options: FakeLineApiOptions) {
    this.now = options.now ?? (() => new Date());
    this.quota = options.quota;
    this.record = options.record ?? true;
    this.limits = options.limits ?? unlimited;
    this.channel = {
      botName: 'Joren sandbox',
      ...(options.channelSecret ? { channelSecret: options.channelSecret } : {}),
      webhook: { active: false },
      richMenus: new Map(),
    };
  }

  static async start(options: FakeLineApiOptions): Promise<FakeLineApi> {
    const fake = new FakeLineApi(options);
    await fake.listen(options.port ?? 0);
    return fake;
  }

  // ---- test controls -------------------------------------------------------------------------

  /** Makes a LINE user known to the fake (a random id when none is given). */
  addUser(profile: FakeProfile, userId = `U${randomBytes(16).toString('hex')}`): string {
    this.users.set(userId, { ...profile, blocked: false });
    return userId;
  }

  /** The user blocks the account: pushes still answer 200 but are not delivered; profile is 404. */
  block(userId: string): void {
    const user = this.users.get(userId);
    if (user) user.blocked = true;
  }

  unblock(userId: string): void {
    const user = this.users.get(userId);
    if (user) user.blocked = false;
  }

  /** The user deleted their LINE account: LINE no longer knows the id. */
  forgetUser(userId: string): void {
    this.users.delete(userId);
  }

  /** A reply token for an event of this user, as LINE puts in the webhook: usable once, for a minute. */
  replyTokenFor(userId: string): string {
    const token = randomBytes(16).toString('hex');
    this.replyTokens.set(token, { userId, issuedAt: this.now().getTime(), used: false });
    dropOldest(this.replyTokens, this.limits.records);
    return token;
  }

  /** The next sending requests (push, multicast, reply) answer with these faults, in order. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Forgets the faults queued by failNext that have not happened yet. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Every sending request fails with this probability (benchmarks). */
  setRandomFaults(rates: { rate500: number; rate429: number }): void {
    this.randomFaults = rates;
  }

  /** Requests per second an endpoint takes before answering 429, as LINE's rate limits do. */
  setRateLimit(endpoint: SendEndpoint, perSecond: number): void {
    this.buckets.set(endpoint, { perSecond, tokens: perSecond, refilledAt: Date.now() });
  }

  setQuota(limit: number | undefined, used = this.usage): void {
    this.quota = limit;
    this.usage = used;
  }

  /** Called on every delivery (the sandbox console shows them as chat bubbles). */
  onDelivery(listener: (delivery: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The messages a user received, oldest first. */
  messagesTo(userId: string): SentMessage[] {
    return this.deliveries.filter((d) => d.to === userId).flatMap((d) => d.messages);
  }

  /** Texts a user received, oldest first. */
  textsTo(userId: string): string[] {
    return this.messagesTo(userId).flatMap((m) => (m.type === 'text' ? [String(m.text)] : []));
  }

  get usedQuota(): number {
    return this.usage;
  }

  reset(): void {
    this.requests.length = 0;
    this.deliveries.length = 0;
    this.deliveredTotal = 0;
    this.deliveryCounts.clear();
    this.faults.length = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async listen(port: number): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false); // LINE's API sends no ETag
    app.use((_req, res, next) => {
      res.setHeader('x-line-request-id', randomUUID());
      next();
    });
    app.use((req, res, next) => {
      if (!this.authorized(req.get('authorization'))) {
        this.answer(req, res, 401, UNAUTHORIZED);
        return;
      }
      next();
    });
    app.use(express.json({ limit: BODY_LIMIT }));
    app.post('/v2/bot/message/reply', (req, res) => this.slowly(() => this.reply(req, res)));
    app.post('/v2/bot/message/push', (req, res) => this.slowly(() => this.push(req, res)));
    app.post('/v2/bot/message/multicast', (req, res) => this.slowly(() => this.multicast(req, res)));
    app.get('/v2/bot/profile/:userId', (req, res) => this.profile(req, res));
    app.get('/v2/bot/message/quota', (req, res) =>
      this.answer(
        req,
        res,
        200,
        this.quota === undefined ? { type: 'none' } : { type: 'limited', value: this.quota },
      ),
    );
    app.get('/v2/bot/message/quota/consumption', (req, res) =>
      this.answer(req, res, 200, { totalUsage: this.usage }),
    );
    app.use(channelRoutes(this.channel, (req, res, status, body) => this.answer(req, res, status, body)));
    app.use((req: Request, res: Response) => this.answer(req, res, 404, { message: 'Not found' }));
    app.use((error: { type?: string; status?: number }, req: Request, res: Response, _next: () => void) => {
      if (error.type === 'entity.too.large') this.answer(req, res, 413, TOO_LARGE);
      else this.answer(req, res, 400, NOT_JSON);
    });

    // Pushes, a benchmark's hot path, skip express: it costs the fake LINE process (which shares the
    // machine with the bot under test) more CPU per request than the checks themselves.
    const server = createServer((req, res) => {
      res.on('close', () => {
        if (!res.writableFinished) this.abandonedRequests += 1;
      });
      if (req.method === 'POST' && req.url === PUSH_PATH) this.leanPush(req, res);
      else void app(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    server.keepAliveTimeout = 30_000;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** POST /v2/bot/message/push without express: the same headers, auth, body rules and answers. */
  private leanPush(req: IncomingMessage, res: ServerResponse): void {
    const header = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const response: FakeResponse = {
      setHeader: (name, value) => res.setHeader(name, value),
      getHeader: (name) => res.getHeader(name),
      status: (code) => ({
        json: (body) => {
          const text = JSON.stringify(body);
          res.writeHead(code, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
        },
      }),
    };
    const request: FakeRequest = { method: 'POST', path: PUSH_PATH, body: undefined, get: header };
    res.setHeader('x-line-request-id', randomUUID());
    if (!this.authorized(header('authorization'))) {
      req.resume();
      this.answer(request, response, 401, UNAUTHORIZED);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT) {
        this.answer(request, response, 413, TOO_LARGE);
        return;
      }
      // As the express routes answer (express.json, then the error handler): an empty body is {},
      // and a body that is not a JSON object or array, or not declared JSON, cannot be parsed.
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        if (!/^application\/json\b/i.test(header('content-type') ?? '')) throw new TypeError('not JSON');
        if (text.length > 0 && !/^\s*[[{]/.test(text)) throw new SyntaxError('not strict JSON');
        request.body = text.length === 0 ? {} : (JSON.parse(text) as unknown);
      } catch {
        this.answer(request, response, 400, NOT_JSON);
        return;
      }
      this.slowly(() => this.push(request, response));
    });
  }

  /** Runs a sending request now, or later when the next fault says LINE is slow. */
  private slowly(handle: () => void): void {
    const fault = this.faults[0];
    if (fault?.delayMs === undefined) return handle();
    this.faults.shift();
    const { delayMs, ...rest } = fault;
    setTimeout(() => {
      if (rest.status !== undefined) this.faults.unshift(rest);
      handle();
    }, delayMs);
  }

  private authorized(authorization: string | undefined): boolean {
    return authorization === `Bearer ${this.options.channelAccessToken}`;
  }

  private reply(req: FakeRequest, res: FakeResponse): void {
    const body = req.body as { replyToken?: unknown; messages?: unknown };
    if (this.refuseInvalid(req, res, checkMessages(body.messages))) return;
    if (this.refuseRateLimited(req, res, 'reply')) return;
    const token = typeof body.replyToken === 'string' ? this.replyTokens.get(body.replyToken) : undefined;
    if (!token || token.used || this.now().getTime() - token.issuedAt > REPLY_TOKEN_TTL_MS) {
      this.answer(req, res, 400, { message: 'Invalid reply token' });
      return;
    }
    const fault = this.nextFault();
    const requestId = String(res.getHeader('x-line-request-id'));
    if (!fault || fault.accepted) {
      token.used = true;
      this.deliver({
        via: 'reply',
        to: token.userId,
        messages: body.messages as SentMessage[],
        requestId,
        at: this.now(),
      });
    }
    if (fault) return this.answerFault(req, res, fault);
    this.answer(req, res, 200, { sentMessages: this.sentMessageIds(body.messages as unknown[]) });
  }

  private push(req: FakeRequest, res: FakeResponse): void {
    const body = req.body as { to?: unknown; messages?: unknown };
    const violations = checkMessages(body.messages);
    if (!isUserId(body.to)) violations.unshift({ message: 'Invalid user id', property: 'to' });
    if (this.refuseInvalid(req, res, violations)) return;
    const retryKey = this.retryKeyOf(req, res);
    if (retryKey === null) return;
    if (this.refuseRateLimited(req, res, 'push')) return;
    if (!this.users.has(body.to as string)) {
      this.answer(req, res, 400, { message: 'Failed to send messages' });
      return;
    }
    const user = this.users.get(body.to as string)!;
    if (!user.blocked && this.refuseOverQuota(req, res, 1)) return;
    const requestId = String(res.getHeader('x-line-request-id'));
    const fault = this.nextFault();
    if (!fault || fault.accepted) {
      this.accept(retryKey, requestId);
      if (!user.blocked) {
        this.usage += 1;
        this.deliver({
          via: 'push',
          to: body.to as string,
          messages: body.messages as SentMessage[],
          requestId,
          ...(retryKey ? { retryKey } : {}),
          at: this.now(),
        });
      }
    }
    if (fault) return this.answerFault(req, res, fault);
    this.answer(req, res, 200, { sentMessages: this.sentMessageIds(body.messages as unknown[]) });
  }

  private multicast(req: FakeRequest, res: FakeResponse): void {
    const body = req.body as { to?: unknown; messages?: unknown };
    const violations = checkMessages(body.messages);
    const to = Array.isArray(body.to) ? body.to : [];
    if (to.length < 1 || to.length > lineLimits.multicastRecipients) {
      violations.unshift({
        message: `Size must be between 1 and ${lineLimits.multicastRecipients}`,
        property: 'to',
      });
    } else if (!to.every(isUserId)) {
      violations.unshift({ message: 'Invalid user id', property: 'to' });
    }
    if (this.refuseInvalid(req, res, violations)) return;
    const retryKey = this.retryKeyOf(req, res);
    if (retryKey === null) return;
    if (this.refuseRateLimited(req, res, 'multicast')) return;
    // Ids LINE does not know and users who blocked the account are skipped and not counted.
    const reachable = (to as string[]).filter((id) => this.users.has(id) && !this.users.get(id)!.blocked);
    if (this.refuseOverQuota(req, res, reachable.length)) return;
    const requestId = String(res.getHeader('x-line-request-id'));
    const fault = this.nextFault();
    if (!fault || fault.accepted) {
      this.accept(retryKey, requestId);
      this.usage += reachable.length;
      for (const id of reachable) {
        this.deliver({
          via: 'multicast',
          to: id,
          messages: body.messages as SentMessage[],
          requestId,
          ...(retryKey ? { retryKey } : {}),
          at: this.now(),
        });
      }
    }
    if (fault) return this.answerFault(req, res, fault);
    this.answer(req, res, 200, {});
  }

  private profile(req: Request, res: Response): void {
    const userId = String(req.params.userId);
    const user = this.users.get(userId);
    if (!user || user.blocked) {
      this.answer(req, res, 404, { message: 'Not found' });
      return;
    }
    const { blocked: _blocked, ...profile } = user;
    this.answer(req, res, 200, { userId, language: 'ja', ...profile });
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The X-Line-Retry-Key of a request: undefined when absent, null when the request was answered. */
  private retryKeyOf(req: FakeRequest, res: FakeResponse): string | undefined | null {
    const key = req.get('x-line-retry-key');
    if (key === undefined) return undefined;
    if (!isRetryKey(key)) {
      this.answer(req, res, 400, { message: 'The value of the X-Line-Retry-Key header is invalid' });
      return null;
    }
    const accepted = this.retryKeys.get(key);
    if (accepted && this.now().getTime() - accepted.at < RETRY_KEY_TTL_MS) {
      res.setHeader('x-line-accepted-request-id', accepted.requestId);
      this.answer(req, res, 409, { message: 'The retry key is already accepted', sentMessages: [] });
      return null;
    }
    return key;
  }

  private accept(retryKey: string | undefined, requestId: string): void {
    if (!retryKey) return;
    this.retryKeys.set(retryKey, { requestId, at: this.now().getTime() });
    dropOldest(this.retryKeys, this.limits.records);
  }

  private refuseInvalid(req: FakeRequest, res: FakeResponse, violations: RuleViolation[]): boolean {
    if (violations.length === 0) return false;
    this.answer(req, res, 400, {
      message: `The request body has ${violations.length} error(s)`,
      details: violations,
    });
    return true;
  }

  private refuseRateLimited(req: FakeRequest, res: FakeResponse, endpoint: SendEndpoint): boolean {
    const bucket = this.buckets.get(endpoint);
    if (!bucket) return false;
    const now = Date.now();
    bucket.tokens = Math.min(
      bucket.perSecond,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * bucket.perSecond,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return false;
    }
    this.answer(req, res, 429, { message: 'The API rate limit has been exceeded. Try again later.' });
    return true;
  }

  private refuseOverQuota(req: FakeRequest, res: FakeResponse, recipients: number): boolean {
    if (this.quota === undefined || this.usage + recipients <= this.quota) return false;
    this.answer(req, res, 429, { message: 'You have reached your monthly limit.' });
    return true;
  }

  private nextFault(): (Fault & { status: 429 | 500 | 503 }) | undefined {
    const planned = this.faults.shift();
    if (planned?.status !== undefined) return { ...planned, status: planned.status };
    const roll = Math.random();
    if (roll < this.randomFaults.rate500) return { status: 500, accepted: Math.random() < 0.5 };
    if (roll < this.randomFaults.rate500 + this.randomFaults.rate429) return { status: 429 };
    return undefined;
  }

  private answerFault(req: FakeRequest, res: FakeResponse, fault: Fault & { status: number }): void {
    if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
    const message =
      fault.status === 429
        ? 'The API rate limit has been exceeded. Try again later.'
        : 'Internal server error';
    this.answer(req, res, fault.status, { message });
  }

  private deliver(delivery: Delivery): void {
    this.deliveryCounts.set(delivery.to, (this.deliveryCounts.get(delivery.to) ?? 0) + 1);
    this.deliveredTotal += 1;
    if (this.record) keepLatest(this.deliveries, delivery, this.limits.records);
    for (const listener of this.listeners) listener(delivery);
  }

  /**
   * Message ids and quote tokens as LINE shapes them (digits; hex), unique within the fake. From a
   * counter: two random draws per message cost the benchmark's LINE process more than its routing.
   */
  private sentMessageIds(messages: unknown[]): { id: string; quoteToken: string }[] {
    return messages.map(() => {
      const n = ++this.sentSequence;
      return {
        id: `${this.idPrefix}${String(n).padStart(8, '0')}`,
        quoteToken: `${this.tokenPrefix}${n.toString(16).padStart(8, '0')}`,
      };
    });
  }

  private answer(req: FakeRequest, res: FakeResponse, status: number, body: unknown): void {
    if (this.record) {
      const retryKey = req.get('x-line-retry-key');
      const request = {
        method: req.method,
        path: req.path,
        status,
        body: req.body as unknown,
        ...(retryKey ? { retryKey } : {}),
        at: this.now(),
      };
      keepLatest(this.requests, request, this.limits.records);
    }
    res.status(status).json(body);
  }
}
