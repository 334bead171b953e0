import { ErrorCode, JorenError } from '../errors.js';
import { classifyLineFailure, withTimeout, type LineMessage } from '../line/line-api.js';
import type { LineSendClient } from '../line/line-send-client.js';
import type { Logger } from '../log.js';
import type { SendLimiters } from './rate-limiter.js';

/** What became of one push or multicast. */
export type DeliveryOutcome =
  | { status: 'sent'; requestId: string | undefined }
  | { status: 'unreachable' }
  | { status: 'quota-exhausted' }
  /** `definitive`: LINE refused the request itself (4xx), so it was not sent and retrying will not help. */
  | { status: 'failed'; error: JorenError; definitive: boolean };

export interface DeliveryRetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const defaultDeliveryRetry: DeliveryRetryPolicy = {
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  timeoutMs: 10_000,
};

/**
 * Sends one push or multicast for the fan-out: paced by the rate limiter, retried with exponential
 * backoff and jitter on timeouts, 5xx and rate-limit 429s, always with the same X-Line-Retry-Key, so a
 * 409 ("already accepted") on any attempt means the message went out.
 */
export class LineDelivery {
  constructor(
    private readonly client: LineSendClient,
    private readonly limiters: SendLimiters,
    private readonly log: Logger,
    private readonly retry: DeliveryRetryPolicy = defaultDeliveryRetry,
  ) {}

  push(to: string, messages: LineMessage[], retryKey: string): Promise<DeliveryOutcome> {
    return this.attempt('push', () => this.client.push(to, messages, retryKey));
  }

  multicast(to: string[], messages: LineMessage[], retryKey: string): Promise<DeliveryOutcome> {
    return this.attempt('multicast', () => this.client.multicast(to, messages, retryKey));
  }

  private async attempt(
    endpoint: 'push' | 'multicast',
    call: () => Promise<{ requestId: string | undefined }>,
  ): Promise<DeliveryOutcome> {
    for (let attempt = 1; ; attempt++) {
      await this.limiters[endpoint].take();
      try {
        const response = await withTimeout(call(), this.retry.timeoutMs);
        return { status: 'sent', requestId: response.requestId };
      } catch (error) {
        const failure = classifyLineFailure(error);
        if (failure.kind === 'already-accepted') return { status: 'sent', requestId: undefined };
        if (failure.kind === 'recipient-unknown') return { status: 'unreachable' };
        if (failure.kind === 'quota-exhausted') return { status: 'quota-exhausted' };
        if (failure.kind !== 'retryable' || attempt >= this.retry.attempts) {
          const code =
            failure.kind === 'retryable' ? ErrorCode.LineApiUnavailable : ErrorCode.LineApiRejected;
          const message = `LINE ${endpoint} ${failure.status || 'network'}: ${failure.detail}`;
          return {
            status: 'failed',
            definitive: failure.kind !== 'retryable',
            error: new JorenError(code, message, { status: failure.status }, { cause: error }),
          };
        }
        const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        this.log.debug({ endpoint, status: failure.status, attempt, delay }, 'LINE send failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random() / 2)));
      }
    }
  }
}
