/**
 * How much the simulators keep. A test reads everything a fake recorded, so fakes keep all by default;
 * the sandbox runs for days on a developer's machine and keeps the latest only.
 */
export interface SimulatorLimits {
  /** Entries of each record: requests, deliveries, messages, calls, reply tokens, retry keys… */
  records: number;
  /** Uploaded files (their bytes are kept: charts of /stats). */
  uploads: number;
}

/** Keep everything (tests). */
export const unlimited: SimulatorLimits = { records: Infinity, uploads: Infinity };

/**
 * The sandbox's limits: far more than a session at the console shows (the console lists a channel's
 * latest messages and a customer's chat), a few MB at most.
 */
export const sandboxLimits: SimulatorLimits = { records: 2_000, uploads: 20 };

/** The sandbox console's own memory: simulated customers, what each did, the staff member's answers. */
export const consoleLimits = { customers: 200, actionsPerCustomer: 500, answers: 50 };

/** Appends, then drops the oldest entries beyond `max`. */
export function keepLatest<T>(list: T[], entry: T, max: number): void {
  list.push(entry);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Drops a map's (or set's) oldest entries, in insertion order, beyond `max`. */
export function dropOldest(collection: Map<unknown, unknown> | Set<unknown>, max: number): void {
  for (const key of collection.keys()) {
    if (collection.size <= max) return;
    collection.delete(key);
  }
}
