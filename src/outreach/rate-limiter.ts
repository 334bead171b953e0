/**
 * Paces requests evenly at `perSecond`, process-wide per endpoint, so Joren stays below LINE's rate
 * limits instead of running into its 429s. Slots are handed out in order; a caller waits for its own.
 */
class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError('A rate limit is a positive number of requests per second.');
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send its request. */
  async take(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    const wait = slot - now;
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The limiters of the sending endpoints, shared by everything that fans out. */
export interface SendLimiters {
  push: RateLimiter;
  multicast: RateLimiter;
}

/**
 * The limiters of one process. LINE's rate limits are per channel: with `instances` processes
 * sending for one channel (JOREN_INSTANCES), each takes its share, so together they stay below them.
 */
export function sendLimiters(
  rates: { pushPerSecond: number; multicastPerSecond: number },
  instances = 1,
): SendLimiters {
  return {
    push: new RateLimiter(rates.pushPerSecond / instances),
    multicast: new RateLimiter(rates.multicastPerSecond / instances),
  };
}
