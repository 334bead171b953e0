import { ErrorCode, JorenError } from '../errors.js';
import type { LineMessage } from '../line/line-api.js';
import {
  defaultDeliveryRetry,
  failureOf,
  withLineRetries,
  type LineRetryPolicy,
} from '../line/line-retry.js';
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
    private readonly retry: LineRetryPolicy = defaultDeliveryRetry,
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
    try {
      const response = await withLineRetries(call, {
        policy: this.retry,
        log: this.log,
        beforeAttempt: () => this.limiters[endpoint].take(),
      });
      return { status: 'sent', requestId: response.requestId };
    } catch (error) {
      const failure = failureOf(error)!;
      if (failure.kind === 'already-accepted') return { status: 'sent', requestId: undefined };
      if (failure.kind === 'recipient-unknown') return { status: 'unreachable' };
      if (failure.kind === 'quota-exhausted') return { status: 'quota-exhausted' };
      const code = failure.kind === 'retryable' ? ErrorCode.LineApiUnavailable : ErrorCode.LineApiRejected;
      const message = `LINE ${endpoint} ${failure.status || 'network'}: ${failure.detail}`;
      return {
        status: 'failed',
        definitive: failure.kind !== 'retryable',
        error: new JorenError(code, message, { status: failure.status }, { cause: error }),
      };
    }
  }
}
