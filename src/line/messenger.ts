import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import { refusedInserts } from '../db/bulk-write.js';
import type { Logger } from '../log.js';
import type { Message, Models } from '../db/models/index.js';
import {
  MESSAGES_PER_REQUEST,
  classifyLineFailure,
  withTimeout,
  type LineApi,
  type LineFailure,
  type LineMessage,
} from './line-api.js';
import { summarizeOutgoing } from './message-summary.js';
import { retryKeyFor } from './retry-key.js';

/**
 * LINE accepts a reply token once, shortly after the event (about a minute). Past this age Joren
 * pushes instead. Replies are free; pushes count against the monthly message quota.
 */
export const REPLY_TOKEN_MAX_AGE_MS = 50_000;

export interface SendRequest {
  /** The customer's LINE user id. */
  to: string;
  messages: LineMessage[];
  /** Stable idempotency key of this send: the same key is never delivered twice. */
  key: string;
  /** What it is for (welcome, reply, thanks, survey…), kept in the conversation log. */
  purpose: string;
  /** The reply token of the event being answered, and when LINE issued it. */
  reply?: { token: string; issuedAt: Date };
  /** The staff member who wrote it, when relayed from Slack. */
  staff?: string;
}

export type SendOutcome =
  { status: 'sent'; via: 'reply' | 'push' } | { status: 'already-sent' } | { status: 'unreachable' };

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: 10_000,
};

export interface MessengerDeps {
  api: LineApi;
  models: Pick<Models, 'Message' | 'Customer'>;
  clock: Clock;
  log: Logger;
  retry?: RetryPolicy;
}

/**
 * The one way Joren sends to LINE. It logs every message in the conversation log before sending,
 * answers with the reply token while it is fresh, otherwise pushes with an X-Line-Retry-Key derived
 * from the send key, retries 429/5xx with backoff, and marks a customer LINE no longer knows as
 * unreachable.
 */
export class LineMessenger {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: MessengerDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    if (request.messages.length < 1 || request.messages.length > MESSAGES_PER_REQUEST) {
      throw new RangeError('LINE takes 1 to 5 messages per request.');
    }
    const now = this.deps.clock.now();
    const fresh =
      request.reply !== undefined &&
      now.getTime() - request.reply.issuedAt.getTime() < REPLY_TOKEN_MAX_AGE_MS;
    const previous = await this.recordSending(request, fresh ? 'reply' : 'push', now);

    if (previous.length > 0 && previous.every((m) => m.status === 'sent')) return { status: 'already-sent' };
    if (previous.some((m) => m.status === 'failed')) return { status: 'unreachable' };
    const replyTriedBefore = previous.some((m) => m.via === 'reply');

    if (request.reply && (fresh || replyTriedBefore)) {
      const replied = await this.tryReply(request, request.reply.token, replyTriedBefore);
      if (replied) return { status: 'sent', via: 'reply' };
    }
    return this.push(request);
  }

  /** Writes the outgoing messages as `sending`; returns the entries an earlier attempt left, if any. */
  private async recordSending(request: SendRequest, via: 'reply' | 'push', at: Date): Promise<Message[]> {
    const entries = request.messages.map((message, index) => ({
      _id: `${request.key}#${index}`,
      customerId: request.to,
      direction: 'out' as const,
      channel: 'line' as const,
      via,
      type: message.type,
      ...(message.type === 'text' ? { text: message.text } : {}),
      summary: summarizeOutgoing(message as { type: string; text?: string; altText?: string }),
      purpose: request.purpose,
      ...(request.staff ? { staff: request.staff } : {}),
      status: 'sending' as const,
      at,
    }));
    try {
      await this.deps.models.Message.insertMany(entries, { ordered: false });
      return [];
    } catch (error) {
      const refusals = refusedInserts(error);
      if (!refusals?.every((refusal) => refusal.duplicate)) throw error;
      const found = await Promise.all(
        entries.map((entry) => this.deps.models.Message.findById(entry._id).lean()),
      );
      return found.filter((entry) => entry !== null);
    }
  }

  /** Replies; false when the token is no longer usable and a push should follow. */
  private async tryReply(request: SendRequest, replyToken: string, triedBefore: boolean): Promise<boolean> {
    try {
      const response = await this.withRetries(() =>
        this.deps.api.replyMessageWithHttpInfo({ replyToken, messages: request.messages }),
      );
      await this.markSent(request, 'reply', response.httpResponse.headers.get('x-line-request-id'));
      return true;
    } catch (error) {
      const failure = failureOf(error);
      if (failure?.kind !== 'invalid-reply-token') throw this.toJorenError(error, request);
      if (triedBefore) {
        // An earlier attempt used this token and stopped before recording the result. LINE takes a
        // token once, so it was most likely delivered; pushing again could show it twice.
        this.deps.log.warn({ key: request.key }, 'reply outcome unknown after restart; assumed delivered');
        await this.markSent(request, 'reply', null);
        return true;
      }
      return false;
    }
  }

  private async push(request: SendRequest): Promise<SendOutcome> {
    const retryKey = retryKeyFor(request.key);
    try {
      const response = await this.withRetries(() =>
        this.deps.api.pushMessageWithHttpInfo({ to: request.to, messages: request.messages }, retryKey),
      );
      await this.markSent(request, 'push', response.httpResponse.headers.get('x-line-request-id'));
      return { status: 'sent', via: 'push' };
    } catch (error) {
      const failure = failureOf(error);
      if (failure?.kind === 'already-accepted') {
        await this.markSent(request, 'push', null);
        return { status: 'sent', via: 'push' };
      }
      if (failure?.kind === 'recipient-unknown') {
        await this.markUnreachable(request);
        return { status: 'unreachable' };
      }
      throw this.toJorenError(error, request);
    }
  }

  /** Runs a LINE call, retrying timeouts, 5xx and rate-limit 429s with exponential backoff. */
  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTimeout(call(), this.retry.timeoutMs);
      } catch (error) {
        const failure = classifyLineFailure(error);
        if (failure.kind !== 'retryable' || attempt >= this.retry.attempts) {
          throw new LineCallFailed(failure, error);
        }
        const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        this.deps.log.debug({ status: failure.status, attempt, delay }, 'LINE call failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random() / 2)));
      }
    }
  }

  private async markSent(
    request: SendRequest,
    via: 'reply' | 'push',
    lineRequestId: string | null,
  ): Promise<void> {
    const sentAt = this.deps.clock.now();
    await this.deps.models.Message.bulkWrite(
      request.messages.map((_, index) => ({
        updateOne: {
          filter: { _id: `${request.key}#${index}` },
          update: { $set: { status: 'sent', via, sentAt, ...(lineRequestId ? { lineRequestId } : {}) } },
        },
      })),
      { ordered: false },
    );
    await this.deps.models.Customer.updateOne({ _id: request.to }, { $set: { lastContactAt: sentAt } });
  }

  private async markUnreachable(request: SendRequest): Promise<void> {
    this.deps.log.info(
      { customerId: request.to, key: request.key },
      'LINE does not know this user; marked unreachable',
    );
    await this.deps.models.Message.bulkWrite(
      request.messages.map((_, index) => ({
        updateOne: { filter: { _id: `${request.key}#${index}` }, update: { $set: { status: 'failed' } } },
      })),
      { ordered: false },
    );
    await this.deps.models.Customer.updateOne(
      { _id: request.to },
      { $set: { status: 'blocked', unreachableReason: 'send-failed' } },
    );
  }

  private toJorenError(error: unknown, request: SendRequest): JorenError {
    const failure = failureOf(error) ?? classifyLineFailure(error);
    const code =
      failure.kind === 'quota-exhausted'
        ? ErrorCode.LineQuotaExhausted
        : failure.kind === 'retryable'
          ? ErrorCode.LineApiUnavailable
          : ErrorCode.LineApiRejected;
    return new JorenError(
      code,
      `LINE ${failure.status || 'network'}: ${failure.detail}`,
      {
        key: request.key,
        status: failure.status,
      },
      { cause: error },
    );
  }
}

/** A LINE call that failed for good, with what the failure means. */
class LineCallFailed extends Error {
  constructor(
    readonly failure: LineFailure,
    cause: unknown,
  ) {
    super(`LINE call failed: ${failure.kind} ${failure.status}`, { cause });
  }
}

function failureOf(error: unknown): LineFailure | undefined {
  return error instanceof LineCallFailed ? error.failure : undefined;
}
