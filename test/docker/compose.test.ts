import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { defaultRetryPolicy } from '../../src/line/messenger.js';
import { defaultDeliveryRetry } from '../../src/outreach/line-delivery.js';
import { defaultSchedulerOptions } from '../../scheduler/scheduler.js';

/** The lines of one service of docker-compose.yml (its block, by indentation). */
function serviceBlock(compose: string, name: string): string {
  const lines = compose.split('\n');
  const start = lines.findIndex((line) => line === `  ${name}:`);
  if (start < 0) throw new Error(`docker-compose.yml has no service ${name}`);
  const end = lines.findIndex((line, index) => index > start && /^ {0,2}\S/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

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
  const joren = serviceBlock(readFileSync('docker-compose.yml', 'utf8'), 'joren');

  it('gives Joren longer to stop than the inbox worker and the scheduler can take', () => {
    // app.stop(): the worker finishes its event (one messenger send), then the scheduler drains and
    // lets the sends in flight finish (one delivery), one after the other.
    const worker = worstSendMs(defaultRetryPolicy);
    const scheduler = Math.max(defaultSchedulerOptions.drainTimeoutMs, worstSendMs(defaultDeliveryRetry));
    expect({ worker, scheduler }).toEqual({ worker: 57_500, scheduler: 67_750 }); // as the comment says
    const grace = /^ {4}stop_grace_period: (\S+)$/m.exec(joren)?.[1];
    expect(grace).toBeDefined();
    expect(durationMs(grace!)).toBeGreaterThan(worker + scheduler);
  });

  it('requires .env for the bot', () => {
    expect(joren).toMatch(/^ {4}env_file:\n {6}- path: \.env\n {8}required: true$/m);
  });
});
