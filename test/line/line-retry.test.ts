import { describe, expect, it } from '@jest/globals';
import { HTTPFetchError } from '@line/bot-sdk';
import { classifyLineFailure } from '../../src/line/line-api.js';
import { MAX_RETRY_AFTER_MS, retryDelayMs, withLineRetries } from '../../src/line/line-retry.js';
import { createLogger } from '../../src/log.js';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 1_000 };
const lineError = (status: number, message: string, headers: Record<string, string> = {}) =>
  new HTTPFetchError(`${status}`, {
    status,
    statusText: '',
    headers: new Headers(headers),
    body: JSON.stringify({ message }),
  });

describe('one LINE retry rule', () => {
  it('honours Retry-After in seconds on a 429', () => {
    const failure = classifyLineFailure(
      lineError(429, 'The API rate limit has been exceeded.', { 'retry-after': '3' }),
    );
    expect(failure).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 3_000 });
    expect(retryDelayMs(policy, 1, failure, () => 0)).toBe(3_000);
  });

  it('does not wait for a Retry-After beyond the cap', () => {
    const seconds = String(MAX_RETRY_AFTER_MS / 1000 + 1);
    const failure = classifyLineFailure(lineError(429, 'rate limit', { 'retry-after': seconds }));
    expect(retryDelayMs(policy, 1, failure)).toBeUndefined();
  });

  it('backs off exponentially with jitter otherwise, up to the ceiling', () => {
    const failure = classifyLineFailure(lineError(503, 'Service unavailable'));
    expect(retryDelayMs(policy, 1, failure, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, failure, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 3, failure, () => 1)).toBe(400);
    expect(retryDelayMs(policy, 9, failure, () => 1)).toBe(1_000);
  });

  it('never retries the monthly limit, and retries a rate limit until it clears', async () => {
    const log = createLogger('silent');
    let calls = 0;
    const monthly = withLineRetries(
      () => {
        calls += 1;
        return Promise.reject(lineError(429, 'You have reached your monthly limit.'));
      },
      { policy, log },
    );
    await expect(monthly).rejects.toMatchObject({ failure: { kind: 'quota-exhausted' } });
    expect(calls).toBe(1);

    calls = 0;
    const limited = await withLineRetries(
      () =>
        ++calls < 3
          ? Promise.reject(lineError(429, 'rate limit', { 'retry-after': '0' }))
          : Promise.resolve('ok'),
      { policy, log },
    );
    expect({ limited, calls }).toEqual({ limited: 'ok', calls: 3 });
  });
});
