import type { Logger } from '../log.js';
import { classifyLineFailure, type LineFailure } from './line-api.js';

/** How a LINE call is retried: attempts, backoff, and the deadline of each attempt. */
export interface LineRetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each attempt is aborted after this long (the client is built with it). */
  timeoutMs: number;
}

/** Messages sent while a customer waits (replies, pushes of the inbox worker, staff replies). */
export const defaultRetryPolicy: LineRetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: 10_000,
};

/** Pushes and multicasts of a scheduled fan-out: one attempt more, a shorter first wait. */
export const defaultDeliveryRetry: LineRetryPolicy = {
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  timeoutMs: 10_000,
};

/** A Retry-After longer than this is not waited for: the call fails and the caller's own retry takes over. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** A LINE call that failed for good, with what the failure means. */
export class LineCallFailed extends Error {
  constructor(
    readonly failure: LineFailure,
    cause: unknown,
  ) {
    super(`LINE call failed: ${failure.kind} ${failure.status}`, { cause });
  }
}

/** What a failure thrown by `withLineRetries` meant, if it was one. */
export function failureOf(error: unknown): LineFailure | undefined {
  return error instanceof LineCallFailed ? error.failure : undefined;
}

/**
 * The wait before attempt `attempt + 1`: LINE's Retry-After when it sent one (seconds, honoured as
 * a minimum), otherwise exponential backoff with jitter (half to all of base × 2^(attempt-1), capped).
 * Undefined: do not retry (a Retry-After past MAX_RETRY_AFTER_MS).
 */
export function retryDelayMs(
  policy: LineRetryPolicy,
  attempt: number,
  failure: LineFailure,
  random: () => number = Math.random,
): number | undefined {
  if (failure.kind === 'retryable' && failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs > MAX_RETRY_AFTER_MS ? undefined : failure.retryAfterMs;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling * (0.5 + random() / 2);
}

/**
 * Runs a LINE call, retrying what `retryOn` allows (by default every retryable failure: timeouts,
 * network errors, 5xx and rate-limit 429s; never the monthly-limit 429). `beforeAttempt` runs before
 * each try (the fan-out's rate limiter). Throws LineCallFailed when it gives up.
 */
export async function withLineRetries<T>(
  call: () => Promise<T>,
  options: {
    policy: LineRetryPolicy;
    log: Logger;
    retryOn?: (failure: LineFailure) => boolean;
    beforeAttempt?: () => Promise<void>;
  },
): Promise<T> {
  const retryOn = options.retryOn ?? ((failure: LineFailure) => failure.kind === 'retryable');
  for (let attempt = 1; ; attempt++) {
    await options.beforeAttempt?.();
    try {
      return await call();
    } catch (error) {
      const failure = classifyLineFailure(error);
      const delay =
        attempt < options.policy.attempts && retryOn(failure)
          ? retryDelayMs(options.policy, attempt, failure)
          : undefined;
      if (delay === undefined) throw new LineCallFailed(failure, error);
      options.log.debug({ status: failure.status, attempt, delay }, 'LINE call failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
