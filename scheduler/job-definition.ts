import { exponential, type BackoffStrategy } from 'agenda';
import type { ZodType } from 'zod';
import type { SchedulerConfig } from '../src/scheduler-config.js';
import type { ShopDay, TimeOfDay } from '../src/retention/shop-time.js';
import type { JobContext } from './job-context.js';

/** How often a job runs. Daily and interval jobs recur; one-off jobs carry data and a time. */
export type JobSchedule =
  | {
      kind: 'daily';
      /** Shop time of day the job runs. */
      at: (config: SchedulerConfig) => TimeOfDay;
      /** Days missed while Joren was down that a run still makes up for (0: today only). */
      catchUpDays: number;
    }
  | { kind: 'interval'; minutes: number }
  | { kind: 'once' };

export interface JobOptions {
  /** Runs of this job at once in one process. */
  concurrency: number;
  /**
   * How long Agenda's lock on a run lasts without renewal. The running process renews it every
   * quarter of this (scheduler.ts), so a run of any length keeps it; it lapses only when the process
   * died (SIGKILL, a crash), and then another process, or this one restarted, takes the job over and
   * resumes its open batches with the same retry keys.
   */
  lockLifetimeMs: number;
  /** Retries after a failure (Agenda runs them; time travel retries on the next runDue). */
  backoff: BackoffStrategy;
  /** Agenda runs higher first when several jobs are due together; runDue uses the same order. */
  priority: number;
}

/**
 * The lock lifetime of every job: short, so a run a killed process left is taken over within about
 * a minute and a half (this, plus Agenda's next look), long enough to ride out a database pause of
 * 45 s between renewals.
 */
export const JOB_LOCK_MS = 60_000;

/** What a run is about: the injected clock's now and, for daily jobs, the shop day it is for. */
export interface JobRunInfo {
  now: Date;
  day: ShopDay;
}

/** What a run may ask for: to be run again at a time (quiet hours) instead of being marked done. */
export interface JobOutcome {
  deferredUntil?: Date | undefined;
}

/** One scheduler job: its id (the Agenda job name), payload schema, options, schedule and handler. */
export interface JobDefinition<Data = unknown> {
  id: string;
  schema: ZodType<Data>;
  options: JobOptions;
  schedule: JobSchedule;
  handler(ctx: JobContext, data: Data, run: JobRunInfo): Promise<JobOutcome | void>;
}

/** Defines a job with its data type inferred from the schema. */
export function defineJob<Data>(definition: JobDefinition<Data>): JobDefinition<Data> {
  return definition;
}

/** Retries for jobs that send: a minute, then doubling, five times; bad payloads are not retried. */
export const sendingBackoff = (): BackoffStrategy => {
  const retry = exponential({ delay: 60_000, factor: 2, maxRetries: 5, jitter: 0.2 });
  return (context) => (context.error.name === 'JobDataInvalid' ? null : retry(context));
};
