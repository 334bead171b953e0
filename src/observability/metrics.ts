import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../log.js';

/** What a webhook request came to, before or after its events were read. */
export type WebhookRequestOutcome = 'accepted' | 'bad_signature' | 'malformed' | 'refused';
/** What became of one webhook event: stored new, already stored (a redelivery), or not stored (5xx). */
export type WebhookEventOutcome = 'stored' | 'duplicate' | 'refused';
export type SendKind = 'reply' | 'push' | 'multicast';
/** ok: LINE took it; unreachable: the user is gone or blocked; limit: a 429; failed: anything else. */
export type SendOutcome = 'ok' | 'failed' | 'unreachable' | 'limit';

/**
 * Where the gauges read from at scrape time. The inbox figures come from the inbox worker; the quota
 * from the month's snapshot the LINE budget keeps (no call to LINE per scrape).
 */
export interface MetricsSources {
  inboxBacklog(): Promise<{ backlog: number; oldestAgeMs: number }>;
  parkedEvents(): Promise<number>;
  /** The month's LINE quota as last read from LINE; undefined before the first read. */
  lineQuota(): Promise<{ limit: number | null; used: number; readAt: Date } | undefined>;
}

/** LINE's documented event types; anything else is counted as `other` so labels stay few. */
const EVENT_TYPES = new Set([
  'message',
  'follow',
  'unfollow',
  'join',
  'leave',
  'memberJoined',
  'memberLeft',
  'postback',
  'videoPlayComplete',
  'beacon',
  'accountLink',
  'things',
  'membership',
  'unsend',
]);

/**
 * Joren's Prometheus metrics, in a registry of its own (one per app, so tests can run several). The
 * counters are told by small hooks in the webhook route, the LINE clients, the scheduler and Slack;
 * the gauges read `MetricsSources` when scraped.
 */
export class JorenMetrics {
  readonly registry = new Registry();
  private readonly webhookRequests: Counter<'outcome'>;
  private readonly webhookEvents: Counter<'type' | 'outcome'>;
  private readonly sends: Counter<'kind' | 'outcome'>;
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly commandSeconds: Histogram<'command'>;
  private sources: MetricsSources | undefined;

  constructor(private readonly log: Logger) {
    const registers = [this.registry];
    this.webhookRequests = new Counter({
      name: 'joren_webhook_requests_total',
      help: 'LINE webhook requests by outcome (accepted, bad_signature, malformed, refused)',
      labelNames: ['outcome'],
      registers,
    });
    this.webhookEvents = new Counter({
      name: 'joren_webhook_events_total',
      help: 'LINE webhook events by type and outcome (stored, duplicate, refused)',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.sends = new Counter({
      name: 'joren_line_sends_total',
      help: 'Requests to LINE that send messages, by kind (reply, push, multicast) and outcome',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.jobRuns = new Counter({
      name: 'joren_job_runs_total',
      help: 'Scheduler job runs by job and outcome (ok, failed)',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: 'joren_slack_command_seconds',
      help: 'Time from receiving a Slack slash command to the answer staff see, by command',
      labelNames: ['command'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    });
    this.inboxGauges(registers);
    this.quotaGauges(registers);
  }

  /** Adds Node's process metrics (event-loop lag, RSS, heap, GC); only when /metrics is served. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** Connects the gauges to what they read (app.ts, once the inbox and the budget exist). */
  readFrom(sources: MetricsSources): void {
    this.sources = sources;
  }

  webhookRequest(outcome: WebhookRequestOutcome): void {
    this.webhookRequests.inc({ outcome });
  }

  /** Counts events by type: `all` that arrived, of which `stored` were new (the rest were duplicates). */
  webhookEventsSeen(all: { type: string }[], stored: { type: string }[], refused = false): void {
    const count = (events: { type: string }[]) => {
      const byType = new Map<string, number>();
      for (const { type } of events) {
        const label = EVENT_TYPES.has(type) ? type : 'other';
        byType.set(label, (byType.get(label) ?? 0) + 1);
      }
      return byType;
    };
    const arrived = count(all);
    if (refused) {
      for (const [type, n] of arrived) this.webhookEvents.inc({ type, outcome: 'refused' }, n);
      return;
    }
    const fresh = count(stored);
    for (const [type, n] of arrived) {
      const storedNow = fresh.get(type) ?? 0;
      if (storedNow > 0) this.webhookEvents.inc({ type, outcome: 'stored' }, storedNow);
      if (n > storedNow) this.webhookEvents.inc({ type, outcome: 'duplicate' }, n - storedNow);
    }
  }

  send(kind: SendKind, outcome: SendOutcome): void {
    this.sends.inc({ kind, outcome });
  }

  jobFinished(job: string, ok: boolean): void {
    this.jobRuns.inc({ job, outcome: ok ? 'ok' : 'failed' });
  }

  /** Starts timing a slash command; call the result when staff have their answer. */
  commandStarted(command: string, known: boolean): () => void {
    return this.commandSeconds.startTimer({ command: known ? command : 'other' });
  }

  /** The Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private inboxGauges(registers: Registry[]): void {
    // Read together at most once per scrape: on FerretDB each read scans the inbox.
    let reading: Promise<{ backlog: number; oldestAgeMs: number; parked: number } | undefined> | undefined;
    const read = () =>
      (reading ??= this.readInbox().finally(() => setImmediate(() => (reading = undefined))));
    new Gauge({
      name: 'joren_inbox_backlog',
      help: 'Webhook events stored but not yet processed (NaN when the database cannot be read)',
      registers,
      collect: async function (this: Gauge) {
        this.set((await read())?.backlog ?? NaN);
      },
    });
    new Gauge({
      name: 'joren_inbox_oldest_age_seconds',
      help: 'How long the oldest unprocessed webhook event has waited (0 when none waits)',
      registers,
      collect: async function (this: Gauge) {
        const figures = await read();
        this.set(figures ? figures.oldestAgeMs / 1000 : NaN);
      },
    });
    new Gauge({
      name: 'joren_inbox_parked_events',
      help: 'Webhook events parked after repeated failures, waiting for staff',
      registers,
      collect: async function (this: Gauge) {
        this.set((await read())?.parked ?? NaN);
      },
    });
  }

  private async readInbox() {
    if (!this.sources) return undefined;
    try {
      const [backlog, parked] = await Promise.all([this.sources.inboxBacklog(), this.sources.parkedEvents()]);
      return { ...backlog, parked };
    } catch (error) {
      this.log.warn({ err: error }, 'metrics: the inbox could not be read');
      return undefined;
    }
  }

  private quotaGauges(registers: Registry[]): void {
    let reading: ReturnType<MetricsSources['lineQuota']> | undefined;
    const read = () =>
      (reading ??= (this.sources?.lineQuota() ?? Promise.resolve(undefined))
        .catch((error: unknown) => {
          this.log.warn({ err: error }, 'metrics: the LINE quota snapshot could not be read');
          return undefined;
        })
        .finally(() => setImmediate(() => (reading = undefined))));
    const quotaGauge = (name: string, help: string, value: (q: QuotaFigures) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect: async function (this: Gauge) {
          const quota = await read();
          // NaN before LINE was first asked this month: 0 would read as "quota used up".
          this.set(quota ? value(quota) : NaN);
        },
      });
    quotaGauge(
      'joren_line_quota_limit',
      "This month's LINE message quota (-1: the plan has no limit)",
      (q) => q.limit ?? -1,
    );
    quotaGauge('joren_line_quota_used', 'LINE messages counted against the quota this month', (q) => q.used);
    quotaGauge('joren_line_quota_left', 'LINE messages left this month (-1: the plan has no limit)', (q) =>
      q.limit === null ? -1 : Math.max(0, q.limit - q.used),
    );
    quotaGauge(
      'joren_line_quota_read_timestamp_seconds',
      'When the quota figures were read from LINE (Unix time)',
      (q) => q.readAt.getTime() / 1000,
    );
  }
}

type QuotaFigures = NonNullable<Awaited<ReturnType<MetricsSources['lineQuota']>>>;
