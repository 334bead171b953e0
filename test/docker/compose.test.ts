import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultDeliveryRetry, defaultRetryPolicy } from '../../src/line/line-retry.js';
import { defaultSchedulerOptions } from '../../scheduler/scheduler.js';

const ComposeFile = z.object({
  services: z.object({
    joren: z.object({
      stop_grace_period: z.string(),
      env_file: z.array(z.object({ path: z.string(), required: z.boolean() })),
    }),
  }),
});

/** Milliseconds of a compose duration such as 150s or 2m30s. */
function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(amount) * units[unit!]!;
  return total;
}

/** The longest a send can take with all its retries: every try times out, every backoff at its most. */
function worstSendMs(policy: {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}) {
  let backoff = 0;
  for (let attempt = 1; attempt < policy.attempts; attempt++) {
    backoff += Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  }
  return policy.attempts * policy.timeoutMs + backoff;
}

describe('docker-compose.yml', () => {
  const { joren } = ComposeFile.parse(parse(readFileSync('docker-compose.yml', 'utf8'))).services;

  it('gives Joren longer to stop than the inbox worker and the scheduler can take', () => {
    // app.stop(): the worker finishes its event (one messenger send), then the scheduler drains and
    // lets the sends in flight finish (one delivery), one after the other.
    const worker = worstSendMs(defaultRetryPolicy);
    const scheduler = Math.max(defaultSchedulerOptions.drainTimeoutMs, worstSendMs(defaultDeliveryRetry));
    expect({ worker, scheduler }).toEqual({ worker: 57_500, scheduler: 67_750 }); // as the comment says
    expect(durationMs(joren.stop_grace_period)).toBeGreaterThan(worker + scheduler);
  });

  it('requires .env for the bot', () => {
    expect(joren.env_file).toEqual([{ path: '.env', required: true }]);
  });
});
