import { addActivity } from '../customers/customer-activity.js';
import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import { refusedInserts, writeUpdates } from '../db/bulk-write.js';
import type { Logger } from '../log.js';
import type { Message, Models } from '../db/models/index.js';
import {
  MESSAGES_PER_REQUEST,
  classifyLineFailure,
  type LineApi,
  type LineFailure,
  type LineMessage,
} from './line-api.js';
import { defaultRetryPolicy, failureOf, withLineRetries, type LineRetryPolicy } from './line-retry.js';
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

export interface MessengerDeps {
  api: LineApi;
  models: Pick<Models, 'Message' | 'Customer' | 'CustomerActivity'>;
  clock: Clock;
  log: Logger;
  /** The policy the LINE client's timeout was built with (`createLineApi({ timeoutMs })`). */
  retry?: LineRetryPolicy;
}

/** What the messenger counted since start (read by tests, benchmarks and the logs). */
export interface MessengerCounts {
  /** Replies whose outcome LINE never confirmed (timeout, network, 5xx): counted as delivered. */
  replyUnconfirmed: number;
  /** Replies LINE refused before sending (token expired or used), answered by push instead. */
  pushAfterRefusedReply: number;
}

/**
 * The one way Joren sends to LINE. It logs every message in the conversation log before sending,
 * answers with the reply token while it is fresh, otherwise pushes with an X-Line-Retry-Key derived
 * from the send key, retries 429/5xx with backoff, and marks a customer LINE no longer knows as
 * unreachable.
 */
export class LineMessenger {
  private readonly retry: LineRetryPolicy;
  readonly counts: MessengerCounts = { replyUnconfirmed: 0, pushAfterRefusedReply: 0 };

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
      this.counts.pushAfterRefusedReply += 1;
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
      await this.noteMessages(request.to, entries);
      return [];
    } catch (error) {
      const refusals = refusedInserts(error);
      if (!refusals?.every((refusal) => refusal.duplicate)) throw error;
      const found = await Promise.all(
        entries.map((entry) => this.deps.models.Message.findById(entry._id).lean()),
      );
      await this.noteMessages(request.to, entries);
      return found.filter((entry) => entry !== null);
    }
  }

  /** The customer card reads recent messages from the customer's activity document. */
  private noteMessages(customerId: string, entries: { _id: string }[]): Promise<void> {
    return addActivity(
      this.deps.models,
      customerId,
      'messages',
      entries.map((entry) => entry._id),
    );
  }

  /**
   * Replies; false only when LINE definitely did not send it, so a push cannot show it twice.
   * A reply token is accepted once, which makes retrying a reply safe: LINE itself refuses a second
   * delivery. So timeouts, network errors and 5xx are retried, and once any attempt's outcome was
   * unknown, "Invalid reply token" means an earlier attempt got through (LINE accepted it after the
   * client gave up): it counts as delivered and nothing is pushed. When every attempt's outcome is
   * unknown the send fails and the inbox retries the event later, replying again with the same token
   * (never pushing). Only a token refused before any unknown outcome (expired or already used: a
   * definite rejection) leads to a push. See docs/line.md.
   */
  private async tryReply(request: SendRequest, replyToken: string, triedBefore: boolean): Promise<boolean> {
    let unknownOutcome = triedBefore;
    try {
      const response = await withLineRetries(
        async () => {
          try {
            return await this.deps.api.replyMessageWithHttpInfo({ replyToken, messages: request.messages });
          } catch (error) {
            if (outcomeUnknown(classifyLineFailure(error))) unknownOutcome = true;
            throw error;
          }
        },
        { policy: this.retry, log: this.deps.log },
      );
      await this.markSent(request, 'reply', response.httpResponse.headers.get('x-line-request-id'));
      return true;
    } catch (error) {
      const failure = failureOf(error);
      const refused =
        failure?.kind === 'invalid-reply-token' || (failure?.kind === 'retryable' && failure.status === 429);
      // A definite refusal with nothing sent before it: the push is the only way to answer.
      if (refused && !unknownOutcome) return false;
      if (failure?.kind === 'invalid-reply-token') {
        // Pushing now could show the customer the same answer twice (and spend a paid message).
        this.counts.replyUnconfirmed += 1;
        this.deps.log.warn({ key: request.key }, 'reply outcome unknown; counted as delivered, not pushed');
        await this.markSent(request, 'reply', null, true);
        return true;
      }
      throw this.toJorenError(error, request);
    }
  }

  private async push(request: SendRequest): Promise<SendOutcome> {
    const retryKey = retryKeyFor(request.key);
    try {
      const response = await withLineRetries(
        () => this.deps.api.pushMessageWithHttpInfo({ to: request.to, messages: request.messages }, retryKey),
        { policy: this.retry, log: this.deps.log },
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

  private async markSent(
    request: SendRequest,
    via: 'reply' | 'push',
    lineRequestId: string | null,
    unconfirmed = false,
  ): Promise<void> {
    const sentAt = this.deps.clock.now();
    const fields = {
      status: 'sent',
      via,
      sentAt,
      ...(lineRequestId ? { lineRequestId } : {}),
      ...(unconfirmed ? { unconfirmed: true } : {}),
    };
    const statements = request.messages.map((_, index) => ({
      updateOne: { filter: { _id: `${request.key}#${index}` }, update: { $set: fields } },
    }));
    await writeUpdates(statements, (chunk) => this.deps.models.Message.bulkWrite(chunk, { ordered: false }));
    await this.deps.models.Customer.updateOne({ _id: request.to }, { $set: { lastContactAt: sentAt } });
  }

  private async markUnreachable(request: SendRequest): Promise<void> {
    this.deps.log.info(
      { customerId: request.to, key: request.key },
      'LINE does not know this user; marked unreachable',
    );
    const statements = request.messages.map((_, index) => ({
      updateOne: {
        filter: { _id: `${request.key}#${index}` },
        update: { $set: { status: 'failed' as const } },
      },
    }));
    await writeUpdates(statements, (chunk) => this.deps.models.Message.bulkWrite(chunk, { ordered: false }));
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

/** A timeout, a network error or a 5xx: LINE may or may not have taken the request. */
function outcomeUnknown(failure: LineFailure): boolean {
  return failure.kind === 'retryable' && failure.status !== 429;
}
