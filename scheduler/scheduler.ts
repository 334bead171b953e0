/**
 * The scheduler: Agenda 6 on the app's MongoDB connection, running the jobs of scheduler/jobs/.
 *
 * Two clocks. Agenda schedules on real time: in production its own polling fires the recurring jobs
 * (daily at the shop's time, by cron in SHOP_TIMEZONE) and the one-off jobs (post-visit follow-ups,
 * broadcasts, reruns after quiet hours) when they are due. Every rule inside a job reads the injected
 * clock instead, and every job is safe to run again: a daily job works through its *occurrences*
 * (shop days whose time has come, recorded done by a unique insert in jobRuns), and every send is
 * claimed in the send ledger before it goes.
 *
 * Time travel is therefore just another trigger of the same handlers. `runDue(now)` runs, in priority
 * order, every recurring occurrence due at the injected clock's now, then every one-off job whose
 * time has come, until nothing is due — what Agenda would have done had that time passed. Tests move
 * an AdjustableClock and call runDue (they start the scheduler with Agenda's polling off); the
 * sandbox console's "+1 day" does the same with polling on, and a job that both fire finds its
 * occurrence done or its customers claimed.
 *
 * On FerretDB, Agenda's job lock (findOneAndUpdate) is not atomic, so two processes may run one job at
 * once; the occurrence markers and the send ledger's unique keys still let each customer be sent to
 * once. After a crash, start() triggers today's unfinished occurrences, whose runs resume the
 * unfinished batches with the same retry keys.
 */
import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { mongo } from 'mongoose';
import type { Visit } from '../src/db/models/index.js';
import { ErrorCode, JorenError, isDuplicateKeyError } from '../src/errors.js';
import { historyDays, loadAudience, streamAudience, type Audience } from '../src/outreach/audience.js';
import { atShopTime, lastDayOfMonth, shopDayOf, type ShopDay } from '../src/retention/shop-time.js';
import { AgendaJobs, type StoredJob } from './agenda-jobs.js';
import { activityIds, addActivity, removeActivity } from '../src/customers/customer-activity.js';
import type { JobContext } from './job-context.js';
import type { JobDefinition } from './job-definition.js';
import { jobs } from './jobs/registry.js';
import { jobFailedAlert } from './job-alerts.js';
import {
  dailyCron,
  dailyOccurrences,
  intervalOccurrence,
  occurrenceMarker,
  type Occurrence,
} from './occurrences.js';
import { followUpTimes, type PostVisitApi } from './post-visit-schedule.js';
import type { BroadcastSegment } from './jobs/broadcast-audience.js';
import { previewBroadcast, type BroadcastPreview } from './broadcast-preview.js';
import { keepingLock } from './lock-renewal.js';
import { Serial } from './serial.js';
import { runDueJobs } from './time-travel.js';
import { explainCustomer, type CustomerExplanation } from './explain.js';

export interface SchedulerOptions {
  /** Let Agenda poll and fire jobs on real time (off in tests, which call runDue). */
  processing: boolean;
  processEveryMs: number;
  /** How long stop() waits for running jobs; one still running then keeps its lock until the lock expires. */
  drainTimeoutMs: number;
  /** Every job's lock lifetime instead of its own (tests of the renewal). */
  lockLifetimeMs?: number;
}

/** How often stop() looks whether Agenda's running jobs have all finished. */
const DRAIN_CHECK_MS = 25;

export const defaultSchedulerOptions: SchedulerOptions = {
  processing: true,
  processEveryMs: 30_000,
  drainTimeoutMs: 30_000,
};

/** What one runDue did. */
export interface RunDueReport {
  ran: { job: string; day?: ShopDay; ok: boolean; error?: string }[];
}

const followUpJobs = ['post-visit-thanks', 'post-visit-survey'];

/** What the scheduler is built from: the job context without its per-run parts. */
export type SchedulerDeps = Omit<
  JobContext,
  'audience' | 'streamAudience' | 'scheduleOnce' | 'pendingWork' | 'stopping'
>;

/** Runs the jobs; one per process, built once at start-up with the app's context. */
/** How long the broadcast modal's count reuses the audience it read (a count may be this stale). */
const PREVIEW_AUDIENCE_MS = 60_000;

export class Scheduler implements PostVisitApi {
  private readonly agenda: Agenda;
  private readonly stored: AgendaJobs;
  private readonly serial = new Serial();
  private readonly options: SchedulerOptions;
  private readonly byId = new Map(jobs.map((job) => [job.id, job]));
  private since: ShopDay | undefined;
  private readonly listeners = new Set<(jobId: string, ok: boolean) => void>();
  private running = false;
  private stopping = false;
  private preview: { at: number; audience: Promise<Audience> } | undefined;

  constructor(
    private readonly deps: SchedulerDeps,
    db: mongo.Db,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = { ...defaultSchedulerOptions, ...options };
    this.agenda = new Agenda({
      // One mongodb driver in the tree (package.json pins the version mongoose uses): its Db is Agenda's.
      backend: new MongoBackend({ mongo: db }),
      processEvery: this.options.processEveryMs,
      removeOnComplete: true,
    });
    this.stored = new AgendaJobs(db);
    const lockLifetime = (job: JobDefinition<unknown>) =>
      this.options.lockLifetimeMs ?? job.options.lockLifetimeMs;
    for (const job of jobs) {
      this.agenda.define(
        job.id,
        (agendaJob: Job<unknown>) =>
          keepingLock(agendaJob, lockLifetime(job), deps.log, () => this.execute(job, agendaJob.attrs.data)),
        {
          concurrency: job.options.concurrency,
          lockLifetime: lockLifetime(job),
          backoff: job.options.backoff,
          priority: job.options.priority,
        },
      );
    }
    const ctx = deps;
    this.agenda.on('fail', (error: Error, job: Job) => {
      ctx.log.error(
        { err: error, job: job.attrs.name, failCount: job.attrs.failCount },
        'scheduler job failed',
      );
    });
    this.agenda.on('retry exhausted', (error: Error, job: Job) => {
      void ctx.alerts.notify(jobFailedAlert(job.attrs.name, error, true)).catch(() => undefined);
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Connects Agenda, registers the recurring jobs, starts polling and makes up for an interrupted run. */
  async start(): Promise<void> {
    const ctx = this.deps;
    await this.agenda.ready;
    this.since = await this.firstRegisteredDay();
    if (this.options.processing) {
      for (const job of jobs) {
        const schedule = job.schedule;
        if (schedule.kind === 'once') continue;
        const interval =
          schedule.kind === 'daily' ? dailyCron(schedule.at(ctx.settings)) : `${schedule.minutes} minutes`;
        await this.agenda.every(interval, job.id, undefined, {
          timezone: ctx.policy.timezone,
          skipImmediate: true,
        });
        await this.stored.dedupeRecurring(job.id);
      }
      await this.agenda.start();
      for (const job of jobs) {
        if (job.schedule.kind === 'daily' && (await this.pendingOccurrences(job)).length > 0) {
          await this.agenda.now(job.id, { trigger: 'catch-up' });
        }
      }
    }
    this.running = true;
    ctx.log.info({ processing: this.options.processing, jobs: jobs.length }, 'scheduler started');
  }

  /** Stops taking jobs; long runs stop between batches, and what is unfinished resumes on the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    if (this.options.processing) await this.drainAgenda();
    await this.serial.idle();
    this.running = false;
  }

  /**
   * Agenda's drain: take no more jobs, wait for the running ones. Its own wait listens for the
   * 'complete' event, but a finished one-off job is removed after that event and stays among the
   * running until then, so drain can miss the last job's end and sit out its whole timeout; the
   * running count is therefore watched here too, and the drain ended once it is zero.
   */
  private async drainAgenda(): Promise<void> {
    const abort = new AbortController();
    let settled = false;
    const drained = this.agenda
      .drain({ timeout: this.options.drainTimeoutMs, signal: abort.signal })
      .finally(() => void (settled = true));
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_CHECK_MS));
      if (settled) break;
      // It throws once the drain has ended (Agenda then has no job processor): nothing to wait for.
      const stats = await this.agenda.getRunningStats().catch(() => undefined);
      if (!stats || stats.runningJobs === 0) abort.abort();
    }
    const result = await drained;
    if (result.timedOut) {
      this.deps.log.warn(
        { running: result.running, waitedMs: this.options.drainTimeoutMs },
        'scheduler stopped with jobs still running; their locks expire and another start resumes them',
      );
    }
  }

  /** Runs everything due at the injected clock's now (time travel), as Agenda would have. */
  async runDue(now: Date = this.deps.clock.now()): Promise<RunDueReport> {
    const report: RunDueReport = { ran: [] };
    // A stopping scheduler takes no more jobs (a run it stopped defers itself to now): they stay due.
    const attempt = (job: JobDefinition<unknown>, data: unknown) =>
      this.stopping ? Promise.resolve(false) : this.attempt(report, job, data);
    await runDueJobs(jobs, this.stored, attempt, now);
    return report;
  }

  /** Runs one job's handler now with this data (the console, the benchmark). */
  async runJob(jobId: string, data: unknown = null): Promise<void> {
    const job = this.byId.get(jobId);
    if (!job) throw new JorenError(ErrorCode.Internal, `No scheduler job is called "${jobId}".`);
    await this.execute(job, data);
  }

  /**
   * Schedules the thank-you and the survey of a recorded visit (skipped when long past: imports).
   * One of each per visit: the customer's pending follow-ups are read by `_id` (followUpsOf) rather
   * than through Agenda's unique upsert, which filters by the visit id (a scan on FerretDB). Two calls
   * racing for one visit could leave a second job; its send is refused by the send ledger's key.
   */
  async schedulePostVisit(visit: Pick<Visit, '_id' | 'customerId' | 'at'>): Promise<void> {
    const ctx = this.deps;
    const planned = await this.followUpsOf(visit.customerId);
    for (const followUp of followUpTimes(
      visit,
      ctx.settings.postVisit,
      ctx.clock.now(),
      ctx.policy.timezone,
    )) {
      const scheduled = planned.some(
        (job) =>
          job.name === followUp.jobId && (job.data as { visitId?: unknown } | null)?.visitId === visit._id,
      );
      if (scheduled) continue;
      await this.scheduleOnce(followUp.jobId, followUp.at, {
        visitId: visit._id,
        customerId: visit.customerId,
      });
    }
  }

  /** Cancels the follow-ups of a visit (it was deleted); returns how many were cancelled. */
  async cancelPostVisit(visitId: string): Promise<number> {
    await this.agenda.ready;
    return this.agenda.cancel({ names: followUpJobs, data: { visitId } });
  }

  /** Cancels every pending follow-up of a customer (they blocked the shop): found and removed by `_id`. */
  async cancelFollowUpsOf(customerId: string): Promise<number> {
    await this.agenda.ready;
    const pending = await this.followUpsOf(customerId);
    for (const job of pending) await this.stored.remove(job);
    await removeActivity(
      this.deps.models,
      customerId,
      'followUps',
      pending.map((job) => String(job._id)),
    );
    return pending.length;
  }

  /** Schedules a staff broadcast (now, or at `at`). */
  async scheduleBroadcast(input: {
    broadcastId: string;
    text: string;
    tags?: string[];
    segment?: BroadcastSegment;
    at?: Date;
  }): Promise<void> {
    const { at, ...data } = input;
    await this.scheduleOnce('broadcast', at ?? this.deps.clock.now(), data, {
      'data.broadcastId': data.broadcastId,
    });
  }

  /**
   * Who a broadcast to `segment` would reach now, with the same audience and policy code the job
   * sends with, and this month's LINE quota as last read (the Slack modal's live count).
   */
  async previewBroadcast(segment: BroadcastSegment): Promise<BroadcastPreview> {
    const now = this.deps.clock.now().getTime();
    // Staff change the segment a few times in a minute; reading every customer each time would not do.
    if (!this.preview || now - this.preview.at > PREVIEW_AUDIENCE_MS || now < this.preview.at) {
      const audience = this.jobContext().audience();
      this.preview = { at: now, audience };
      audience.catch(() => (this.preview = undefined));
    }
    return previewBroadcast(this.deps, await this.preview.audience, segment);
  }

  /** Post-visit follow-ups due by `until` and not sent yet (the App Home's "today"). */
  async followUpsDueBy(until: Date): Promise<{ thanks: number; surveys: number }> {
    const [thanks, surveys] = await Promise.all([
      this.stored.countPending(['post-visit-thanks'], until),
      this.stored.countPending(['post-visit-survey'], until),
    ]);
    return { thanks, surveys };
  }

  /**
   * The follow-ups scheduled for a customer (the check-in's plan, unfollow, explanations): the job ids
   * their activity document keeps, each read by `_id`; ids of jobs that ran or went are dropped. Once
   * per customer older than that document, the ids are read by scanning Agenda's jobs.
   */
  async followUpsOf(customerId: string): Promise<StoredJob[]> {
    const { models } = this.deps;
    const { followUps: ids } = await activityIds(models, customerId, {
      followUps: async () =>
        (await this.stored.forCustomer(followUpJobs, customerId)).map((job) => String(job._id)),
    });
    const found = await this.stored.byIds(ids);
    const pending = found.filter(
      (job): job is StoredJob =>
        job !== null &&
        followUpJobs.includes(job.name) &&
        job.nextRunAt !== null &&
        (job.data as { customerId?: unknown } | null)?.customerId === customerId,
    );
    const gone = ids.filter((_, index) => !pending.includes(found[index]!));
    await removeActivity(models, customerId, 'followUps', gone);
    return pending;
  }

  /** What the contact policy would send a customer on a day (default today), and why not. */
  async explain(customerId: string, day?: ShopDay): Promise<CustomerExplanation | undefined> {
    return explainCustomer(this.deps, await this.followUpsOf(customerId), customerId, day);
  }

  /** Calls `listener` after each job run (Agenda-driven or runDue), with the job and whether it succeeded. */
  onFinished(listener: (jobId: string, ok: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async scheduleOnce(
    jobId: string,
    at: Date,
    data: Record<string, unknown>,
    unique?: Record<string, unknown>,
  ) {
    await this.agenda.ready;
    const job = this.agenda.create(jobId, data);
    if (unique) job.unique(unique, { insertOnly: true });
    const saved = await job.schedule(at).save();
    const customerId = data.customerId;
    // A follow-up (or its deferral) is kept ready for the check-in's and the unfollow's reads.
    if (followUpJobs.includes(jobId) && typeof customerId === 'string' && saved.attrs._id) {
      await addActivity(this.deps.models, customerId, 'followUps', [String(saved.attrs._id)]);
    }
    return saved;
  }

  /** Runs a job under the process's serial lane: one send run at a time keeps the budget exact. */
  private async execute(job: JobDefinition<unknown>, raw: unknown): Promise<void> {
    let ok = false;
    const started = performance.now();
    try {
      await this.serial.run(() => this.executeNow(job, raw));
      ok = true;
    } finally {
      this.deps.log.debug(
        { job: job.id, ok, ms: Math.round(performance.now() - started) },
        'scheduler job ran',
      );
      for (const listener of this.listeners) listener(job.id, ok);
    }
  }

  private async executeNow(job: JobDefinition<unknown>, raw: unknown): Promise<void> {
    {
      const parsed = job.schema.safeParse(raw ?? null);
      if (!parsed.success) {
        const error = new JorenError(
          ErrorCode.Internal,
          `Job ${job.id} has invalid data: ${parsed.error.issues[0]?.message ?? ''}`,
          { job: job.id },
        );
        error.name = 'JobDataInvalid';
        throw error;
      }
      const ctx = this.jobContext();
      const schedule = job.schedule;
      const now = ctx.clock.now();
      if (schedule.kind === 'once') {
        const outcome = await job.handler(ctx, parsed.data, {
          now,
          day: shopDayOf(now, ctx.policy.timezone),
        });
        if (outcome?.deferredUntil)
          await this.scheduleOnce(job.id, outcome.deferredUntil, parsed.data as Record<string, unknown>);
        return;
      }
      const occurrences =
        schedule.kind === 'daily' ? await this.pendingOccurrences(job) : await this.pendingInterval(job);
      for (const occurrence of occurrences) {
        const outcome = await job.handler(this.jobContext(), parsed.data, {
          now: ctx.clock.now(),
          day: occurrence.day,
        });
        if (outcome?.deferredUntil) {
          await this.scheduleOnce(job.id, outcome.deferredUntil, { trigger: 'deferred' });
          return;
        }
        await this.markDone(occurrenceMarker(job.id, occurrence), ctx.clock.now());
      }
    }
  }

  private async attempt(report: RunDueReport, job: JobDefinition<unknown>, data: unknown): Promise<boolean> {
    try {
      await this.execute(job, data);
      report.ran.push({ job: job.id, ok: true });
      return true;
    } catch (error) {
      const ctx = this.deps;
      ctx.log.error({ err: error, job: job.id }, 'scheduler job failed');
      await ctx.alerts.notify(jobFailedAlert(job.id, error, false));
      report.ran.push({
        job: job.id,
        ok: false,
        error: error instanceof JorenError ? error.code : 'UNEXPECTED',
      });
      return false;
    }
  }

  private async pendingOccurrences(job: JobDefinition<unknown>): Promise<Occurrence[]> {
    const ctx = this.deps;
    if (job.schedule.kind !== 'daily') return [];
    const since = this.since ?? shopDayOf(ctx.clock.now(), ctx.policy.timezone);
    const all = dailyOccurrences(
      ctx.clock.now(),
      job.schedule.at(ctx.settings),
      job.schedule.catchUpDays,
      since,
      ctx.policy.timezone,
    );
    const done = await Promise.all(
      all.map((o) => ctx.models.JobRun.exists({ _id: occurrenceMarker(job.id, o) })),
    );
    return all.filter((_, i) => !done[i]);
  }

  private async pendingInterval(job: JobDefinition<unknown>): Promise<Occurrence[]> {
    const ctx = this.deps;
    if (job.schedule.kind !== 'interval') return [];
    const occurrence = intervalOccurrence(ctx.clock.now(), job.schedule.minutes, ctx.policy.timezone);
    return (await ctx.models.JobRun.exists({ _id: occurrenceMarker(job.id, occurrence) }))
      ? []
      : [occurrence];
  }

  private async markDone(id: string, at: Date): Promise<void> {
    try {
      await this.deps.models.JobRun.create({ _id: id, at });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The day the scheduler first ran on this database: missed days before it are not made up for. */
  private async firstRegisteredDay(): Promise<ShopDay> {
    const ctx = this.deps;
    const now = ctx.clock.now();
    await this.markDone('scheduler:registered', now);
    const registered = await ctx.models.JobRun.findById('scheduler:registered').lean();
    return shopDayOf(registered?.at ?? now, ctx.policy.timezone);
  }

  /** A fresh context for one job run: the audience is read at most once per run. */
  private jobContext(): JobContext {
    const { deps } = this;
    let audience: Promise<Audience> | undefined;
    return {
      ...deps,
      audience: () =>
        (audience ??= loadAudience(
          deps.models,
          deps.clock.now(),
          deps.policy.timezone,
          historyDays(deps.settings),
        )),
      streamAudience: (runKey) =>
        streamAudience(deps.models, {
          runKey,
          now: deps.clock.now(),
          zone: deps.policy.timezone,
          historyDays: historyDays(deps.settings),
        }),
      scheduleOnce: async (jobId, at, data) => void (await this.scheduleOnce(jobId, at, data)),
      stopping: () => this.stopping,
      pendingWork: async () => {
        const zone = deps.policy.timezone;
        const monthEnd = atShopTime(lastDayOfMonth(shopDayOf(deps.clock.now(), zone)), '23:59', zone);
        return {
          followUps: await this.stored.countPending(followUpJobs, monthEnd),
          broadcasts: await this.stored.countPending(['broadcast'], monthEnd),
        };
      },
    };
  }
}
