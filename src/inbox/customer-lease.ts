import type { Clock } from '../clock.js';
import { releaseLease, renewLease, takeLease, type LeaseHandle, type LeaseModels } from '../db/lease.js';
import type { Logger } from '../log.js';

/**
 * A customer's inbox lease while their queue is processed: renewed every third of its length, so a
 * long queue keeps it; `lost` turns true once a renewal finds it ended (it lapsed and another worker
 * took it), and the holder stops processing that customer at once.
 */
export class CustomerLease {
  private lostIt = false;
  private renewing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** Called after each renewal with the new end (the worker extends its claim on the current event). */
  onRenewed: ((until: Date) => Promise<unknown>) | undefined;

  private constructor(
    private readonly deps: { models: LeaseModels; clock: Clock; log: Logger },
    private readonly handle: LeaseHandle,
    private readonly owner: string,
    private readonly ms: number,
  ) {
    this.timer = setInterval(
      () => {
        this.renewing = this.renewing.then(() => this.renew());
      },
      Math.max(1, Math.floor(ms / 3)),
    );
    this.timer.unref();
  }

  /** Takes the lease, or null when another worker holds it. */
  static async take(
    deps: { models: LeaseModels; clock: Clock; log: Logger },
    key: string,
    owner: string,
    ms: number,
  ): Promise<CustomerLease | null> {
    const handle = await takeLease(deps.models, key, owner, deps.clock.now(), ms);
    return handle ? new CustomerLease(deps, handle, owner, ms) : null;
  }

  get lost(): boolean {
    return this.lostIt;
  }

  private async renew(): Promise<void> {
    if (this.lostIt) return;
    try {
      const now = this.deps.clock.now();
      const held = await renewLease(this.deps.models, this.handle, this.owner, now, this.ms);
      if (!held) return this.markLost('inbox lease lost: another worker took over this customer');
      await this.onRenewed?.(new Date(now.getTime() + this.ms));
    } catch (error) {
      // Unsure whether it still holds: stop, as if lost; the events stay pending for whoever takes over.
      this.markLost('inbox lease could not be renewed', error);
    }
  }

  private markLost(message: string, error?: unknown): void {
    this.lostIt = true;
    clearInterval(this.timer);
    this.deps.log.warn(
      { lease: this.handle.key.replace(/:.*/, ':…'), ...(error ? { err: error } : {}) },
      message,
    );
  }

  /** Stops renewing and gives the lease back, unless it was lost. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    if (!this.lostIt) await releaseLease(this.deps.models, this.handle, this.deps.clock.now());
  }
}
