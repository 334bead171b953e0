import type { Logger } from '../src/log.js';

/** What of an Agenda job the renewal needs: its name, and `touch()`, which sets `lockedAt` to now. */
export interface LockedJob {
  attrs: { name: string };
  touch(): Promise<void>;
}

/**
 * Runs `work` while renewing Agenda's lock on the job every quarter of its lifetime (also while the run
 * waits its turn in the scheduler's serial queue), so the lock of a live run never lapses and only a
 * dead process's does: then Agenda gives the job to another process, or to this one restarted, within
 * a lifetime. A renewal that fails (the database paused) is tried again at the next one; the last one
 * is awaited before this returns, so it cannot lock the job again after Agenda released it.
 */
export async function keepingLock<T>(
  job: LockedJob,
  lifetimeMs: number,
  log: Logger,
  work: () => Promise<T>,
): Promise<T> {
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(() =>
      job.touch().catch((error: unknown) => {
        log.warn({ err: error, job: job.attrs.name }, 'scheduler job lock not renewed; trying again');
      }),
    );
  }, lifetimeMs / 4);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
