import type { JorenError } from '../errors.js';
import type { Delivery } from './outreach-records.js';

/** What a fan-out (or a resume) did. */
export interface FanOutReport {
  /** Claimed in the ledger by this run. */
  claimed: number;
  sent: number;
  /** Claimed by another run or process first. */
  taken: number;
  unreachable: number;
  /** LINE refused the request itself (4xx); logged as failed. */
  rejected: number;
  /** LINE's monthly limit: not sent, claims given back. */
  quotaRefused: Delivery[];
  /** An earlier attempt older than the retry key's life could not be confirmed: not resent. */
  uncertain: Delivery[];
  /** LINE kept failing: claimed, no outcome yet; the next run resumes them. */
  unconfirmed: number;
  /** Not sent because the run stopped (quiet hours began, shutdown); left for a later run. */
  held: number;
  stopped: boolean;
  errors: JorenError[];
}

export function emptyReport(): FanOutReport {
  return {
    claimed: 0,
    sent: 0,
    taken: 0,
    unreachable: 0,
    rejected: 0,
    quotaRefused: [],
    uncertain: [],
    unconfirmed: 0,
    held: 0,
    stopped: false,
    errors: [],
  };
}

/** Adds `more` into `target`. */
export function mergeReports(target: FanOutReport, more: FanOutReport): void {
  target.claimed += more.claimed;
  target.sent += more.sent;
  target.taken += more.taken;
  target.unreachable += more.unreachable;
  target.rejected += more.rejected;
  target.quotaRefused.push(...more.quotaRefused);
  target.uncertain.push(...more.uncertain);
  target.unconfirmed += more.unconfirmed;
  target.held += more.held;
  if (more.stopped) target.stopped = true;
  target.errors.push(...more.errors);
}
