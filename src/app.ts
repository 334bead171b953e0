import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdjustableClock, systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { ConversationLog } from './conversation/conversation-log.js';
import { ComplaintCases } from './cases/complaint-cases.js';
import { ConversationStore } from './conversation/conversation-store.js';
import type { FlowDeps } from '../flows/flow.js';
import { createFlowRouter, registerFlowComposers } from '../flows/router.js';
import { TouchpointComposers } from './outreach/touchpoints.js';
import type { StaffDesk } from './staff/staff-desk.js';
import { CustomerRecords } from './customers/customer-records.js';
import { connectDatabase } from './db/connect.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded/embedded-database.js';
import { createHttpServer } from './http/server.js';
import { isLoopbackAddress, listenAddress } from './http/listen-address.js';
import { ErrorCode, JorenError } from './errors.js';
import { createEventProcessor } from './inbox/event-processor.js';
import { InboxWorker, type InboxWorkerOptions } from './inbox/inbox-worker.js';
import { InboxWriter } from './inbox/inbox-writer.js';
import { createLineApi } from './line/line-api.js';
import { LineMessenger } from './line/messenger.js';
import { defaultRetryPolicy, type LineRetryPolicy } from './line/line-retry.js';
import { lineWebhookRouter } from './line/webhook.route.js';
import { createLogger, type Logger } from './log.js';
import { startLineSandbox, type LineSandbox } from './sandbox/line-sandbox.js';
import { sandboxConsoleRouter } from './sandbox/console/sandbox-console.route.js';
import { createSlack } from './slack/slack-app.js';
import type { CommandTiming } from './slack/commands/run-command.js';
import { templatesFor } from './templates/index.js';
import type { StaffAlerts } from './alerts/staff-alerts.js';
import { parkedEventAlert } from './alerts/parked-event-alert.js';
import { SlackStaffAlerts } from './slack/slack-staff-alerts.js';
import { registerOutreachComposers } from './outreach/composers.js';
import { createOutreachStack, type OutreachStackOptions } from './outreach/outreach-stack.js';
import { historyDays } from './outreach/audience.js';
import { StaffReplies } from './staff/staff-replies.js';
import { WinBackEpisodes } from './win-back/win-back-episodes.js';
import { LapseVerdicts } from './analytics/lapse-verdicts.js';
import { createVoiceStack } from './voice/voice-services.js';
import { voiceErasureStep } from './voice/voice-erasure.js';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.js';
import { caseFollowUpMessages } from '../flows/case-follow-up.flow.js';
import { ContactTasks } from './customers/contact-tasks.js';
import { createReach } from './reach.js';
import { ReferralThanks } from './referrals/referral-thanks.js';
import { JorenMetrics } from './observability/metrics.js';
import { storedMetricsSources } from './observability/metrics-sources.js';
import { countingLineApi, countingSendClient } from './observability/line-send-metrics.js';
import { metricsRouter } from './observability/metrics.route.js';

export interface AppOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /** Use this database instead of MONGODB_URI or the embedded one (tests: one database per file). */
  database?: { uri: string; dbName?: string };
  inboxWorker?: Partial<InboxWorkerOptions>;
  lineRetry?: LineRetryPolicy;
  /** Where staff see customers' messages and cases (default: Slack, or its sandbox). */
  staffDesk?: StaffDesk;
  /** Slack slash-command timing (tests: 0 answers every command through its response_url). */
  slack?: Partial<CommandTiming>;
  /** Scheduler settings (tests turn Agenda's polling off and travel in time with runDue). */
  scheduler?: Partial<SchedulerOptions> & OutreachStackOptions;
  /** Where staff alerts go; default: the staff channel in Slack (or its sandbox). */
  staffAlerts?: StaffAlerts;
}

export interface App {
  context: AppContext;
  /** Listens on the port (0 for any) and starts the background work; resolves with the port. */
  start(port?: number): Promise<number>;
  /** Graceful shutdown: stop taking requests and new work, finish what is claimed, close the database. */
  stop(): Promise<void>;
}

/** Builds Joren: database, LINE adapter, inbox, HTTP routes. Nothing runs until start(). */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const fullSandbox = config.line.mode === 'sandbox' && config.slack.mode === 'sandbox';
  // src/start-mode.ts refuses this before main.ts gets here; the app refuses it too, whoever builds it.
  if (fullSandbox && (config.mongodbUri !== undefined || config.production)) {
    throw new JorenError(
      ErrorCode.ConfigIncomplete,
      'The sandbox runs only on the embedded database and not with NODE_ENV=production.',
    );
  }
  // The sandbox console travels in time, so a sandboxed app runs on a clock that can be moved forward.
  const clock = options.clock ?? (fullSandbox ? new AdjustableClock() : systemClock);
  const cleanups: (() => Promise<void>)[] = [];
  const metrics = new JorenMetrics(log);
  if (config.metricsToken !== undefined) metrics.collectProcessMetrics();

  try {
    const { uri, dbName } = await resolveDatabase(options, log, cleanups);
    const db = await connectDatabase(uri, log, dbName ? { dbName } : {});
    cleanups.push(() => db.close());

    const lineSettings = await resolveLine(config, clock, log, cleanups);
    const lineRetry = options.lineRetry ?? defaultRetryPolicy;
    const api = countingLineApi(createLineApi({ ...lineSettings, timeoutMs: lineRetry.timeoutMs }), metrics);
    const defaults = templatesFor('ja');
    const messenger = new LineMessenger({ api, models: db.models, clock, log, retry: lineRetry });
    const customers = new CustomerRecords({ models: db.models, line: api, clock, log });
    const conversationLog = new ConversationLog(db.models);
    const slack = await createSlack({
      config,
      clock,
      log,
      models: db.models,
      cleanups,
      metrics,
      ...(options.slack ? { timing: options.slack } : {}),
    });
    await slack.check();
    const staffDesk = options.staffDesk ?? slack.desk;
    const alerts = options.staffAlerts ?? new SlackStaffAlerts(slack, log);
    // The texts customers read: the shop's versions (edited in Slack) in front of the defaults.
    const shopVoice = createVoiceStack({ config, models: db.models, clock, log, alerts, defaults });
    const { voice, templates, editions } = shopVoice;
    const cases = new ComplaintCases({ models: db.models, messenger, templates, staffDesk, clock, log });
    const conversations = new ConversationStore(db.models.Conversation);
    const referralThanks = new ReferralThanks({
      models: db.models,
      messenger,
      templates,
      voice,
      shopName: config.shop.name,
      quietHours: config.scheduler.quietHours,
      timezone: config.shop.timezone,
      log,
    });
    // Visits and reach. Check-ins schedule follow-ups through the scheduler built below:
    // they call it only once a customer checks in, by then it exists.
    const reach = createReach({
      config,
      models: db.models,
      api,
      messenger,
      templates,
      slack,
      staffDesk,
      cases,
      clock,
      log,
      postVisit: {
        schedulePostVisit: (visit) => scheduler.schedulePostVisit(visit),
        followUpsOf: (customerId) => scheduler.followUpsOf(customerId),
        cancelPostVisit: (visitId) => scheduler.cancelPostVisit(visitId),
      },
      followUpMessages: (customer, caseId) => caseFollowUpMessages({ templates }, customer, caseId),
    });
    const { chatLinks, notices, tags, checkIns, phoneLinks, caseCare } = reach;
    const flowDeps: FlowDeps = {
      models: db.models,
      messenger,
      templates,
      shop: config.shop,
      clock,
      log,
      staffDesk,
      cases,
      conversations,
      checkIns,
      phoneLinks,
      tags,
      notices,
      caseCare,
      voice,
      referrals: shopVoice.referrals,
      referralThanks,
      wishes: shopVoice.wishes,
      chatLinks,
    };
    const conversation = createFlowRouter(flowDeps);
    // One registry of who composes each touchpoint: the flows' (survey, win-back) and the outreach ones.
    const composers = new TouchpointComposers();
    registerFlowComposers(composers, flowDeps);
    registerOutreachComposers(composers, {
      templates,
      defaults,
      voice,
      editions,
      reviewUrl: config.shop.reviewUrl,
      shopName: config.shop.name,
      timezone: config.shop.timezone,
      birthdayCoupon: config.scheduler.birthdayCoupon,
      models: db.models,
    });
    const lapse = new LapseVerdicts({ models: db.models, timezone: config.shop.timezone });
    const { scheduler: schedulerOptions = {} } = options;
    const stack = createOutreachStack(
      {
        config,
        api,
        line: lineSettings,
        models: db.models,
        clock,
        log,
        composers,
        alerts,
        lapse,
        wrapSendClient: (client) => countingSendClient(client, metrics),
      },
      schedulerOptions,
    );
    const winBack = new WinBackEpisodes({
      models: db.models,
      outreach: stack.outreach,
      policy: stack.policy,
      historyDays: historyDays(config.scheduler),
      clock,
    });
    const contactTasks = new ContactTasks({
      models: db.models,
      winBack,
      clock,
      timezone: config.shop.timezone,
    });
    const scheduler = new Scheduler(
      {
        config,
        settings: config.scheduler,
        policy: stack.policy,
        clock,
        log,
        models: db.models,
        outreach: stack.outreach,
        composers,
        budget: stack.budget,
        lapse,
        alerts,
        reach: { contactTasks, caseCare, notices, referralThanks },
        seasons: shopVoice.seasons,
        editions,
      },
      db.connection.db!,
      schedulerOptions,
    );
    const processEvent = createEventProcessor({
      customers,
      conversationLog,
      conversation,
      clock,
      log,
      onUnfollow: async (customerId) => void (await scheduler.cancelFollowUpsOf(customerId)),
    });
    const writer = new InboxWriter({ models: db.models, clock, log });
    const worker = new InboxWorker(
      {
        models: db.models,
        process: processEvent,
        clock,
        log,
        onParked: (event, error) => void alerts.notify(parkedEventAlert(event, error)).catch(() => undefined),
      },
      options.inboxWorker,
    );

    scheduler.onFinished((job, ok) => metrics.jobFinished(job, ok));
    // The inbox figures read the stored events for now; the inbox worker may answer them itself.
    metrics.readFrom(storedMetricsSources({ models: db.models, clock, timezone: config.shop.timezone }));

    const context: AppContext = {
      config,
      log,
      clock,
      db,
      models: db.models,
      templates,
      line: {
        api,
        messenger,
        channelSecret: lineSettings.channelSecret,
        chatLinks,
        sandbox: lineSettings.sandbox,
      },
      customers,
      conversationLog,
      inbox: { writer, worker },
      flows: flowDeps,
      touchpoints: composers,
      slack,
      alerts,
      outreach: stack.outreach,
      scheduler,
      metrics,
    };
    slack.listen({
      shop: {
        timezone: config.shop.timezone,
        morningTime: config.scheduler.morningTime,
        winBackWindowDays: config.shop.winBackWindowDays,
      },
      clock,
      log,
      models: db.models,
      cases,
      winBack,
      staffReplies: new StaffReplies({ models: db.models, messenger, conversations, clock, log }),
      scheduler,
      reach: { checkIns, phoneLinks, tags, caseCare, contactTasks, chatLinks },
      voice: shopVoice.staff,
    });
    slack.erasure.registerCopies({
      name: 'scheduledFollowUps',
      run: ({ customerId }) => scheduler.cancelFollowUpsOf(customerId),
    });
    slack.erasure.registerCopies(voiceErasureStep(db.models));

    const http = createHttpServer({
      routers: [
        lineWebhookRouter({
          channelSecret: lineSettings.channelSecret,
          inbox: writer,
          onStored: (events) => worker.notify(events),
          log,
          metrics,
        }),
        slack.router,
        ...(config.metricsToken !== undefined
          ? [metricsRouter({ token: config.metricsToken, metrics })]
          : []),
        ...(fullSandbox && lineSettings.sandbox && slack.sandbox && clock instanceof AdjustableClock
          ? [sandboxConsoleRouter({ context, line: lineSettings.sandbox, slack: slack.sandbox, clock })]
          : []),
      ],
      readiness: {
        database: () => db.isReachable(),
        inbox: () => worker.isRunning,
        scheduler: () => scheduler.isRunning,
      },
      log,
    });

    let server: Server | undefined;
    return {
      context,
      async start(port = config.port) {
        const host = listenAddress(config.host, fullSandbox);
        if (fullSandbox && host !== undefined && !isLoopbackAddress(host)) {
          log.warn(
            { host },
            'HOST opens the sandbox to other machines; its console still answers only requests to localhost',
          );
        }
        server = await new Promise<Server>((resolve, reject) => {
          const ready = () => resolve(listening);
          const listening = (
            host === undefined ? http.listen(port, ready) : http.listen(port, host, ready)
          ).once('error', reject);
        });
        server.keepAliveTimeout = 65_000;
        await scheduler.start();
        worker.start();
        const bound = (server.address() as AddressInfo).port;
        log.info(
          { host: host ?? 'all interfaces', port: bound, line: config.line.mode, slack: config.slack.mode },
          'Joren is listening',
        );
        if (fullSandbox) log.info({ url: `http://localhost:${bound}/sandbox` }, 'sandbox console');
        return bound;
      },
      async stop() {
        // Bounded waits: under load keep-alive clients keep sending, so the server never closes on
        // its own; it gets STOP_SERVER_MS, then its connections are closed. The inbox worker, Slack
        // work and the scheduler then share STOP_WORK_MS (the sends in flight finish, as
        // docs/deploy.md counts); whatever is still unfinished stays claimed for the next start.
        if (server) {
          const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
          server.closeIdleConnections();
          if (!(await settlesWithin(closing, STOP_SERVER_MS))) server.closeAllConnections();
        }
        const workBy = Date.now() + STOP_WORK_MS;
        const unfinished: string[] = [];
        const steps: [string, () => Promise<unknown>][] = [
          ['inbox', () => worker.stop()],
          ['slack', () => slack.idle()],
          ['scheduler', () => scheduler.stop()],
        ];
        for (const [name, step] of steps) {
          if (!(await settlesWithin(step(), Math.max(0, workBy - Date.now())))) unfinished.push(name);
        }
        if (unfinished.length > 0) log.warn({ unfinished }, 'stopped without waiting for work in progress');
        await runCleanups(cleanups);
        log.info('Joren stopped');
      },
    };
  } catch (error) {
    await runCleanups(cleanups);
    throw error;
  }
}

/** How long stopping waits for the HTTP server to close before closing its connections. */
const STOP_SERVER_MS = 5_000;
/** How long stopping waits for the inbox worker, Slack work and the scheduler together. */
const STOP_WORK_MS = 135_000;

/** True when `work` settles within `ms` (its failure counts as settled: shutdown goes on). */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(
    () => true,
    () => true,
  );
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}

async function resolveDatabase(options: AppOptions, log: Logger, cleanups: (() => Promise<void>)[]) {
  if (options.database) return options.database;
  if (options.config.mongodbUri) return { uri: options.config.mongodbUri, dbName: undefined };
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({
    dataDir: options.config.dataDir,
    prefer: options.config.embeddedDatabase,
    log,
  });
  cleanups.push(() => embedded.stop());
  return { uri: embedded.uri, dbName: 'joren' };
}

async function resolveLine(config: Config, clock: Clock, log: Logger, cleanups: (() => Promise<void>)[]) {
  if (config.line.mode === 'live') {
    return {
      channelSecret: config.line.channelSecret,
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl,
      sandbox: undefined as LineSandbox | undefined,
    };
  }
  const sandbox = await startLineSandbox(clock);
  cleanups.push(() => sandbox.fake.stop());
  log.warn(
    { lineApi: sandbox.apiBaseUrl },
    'SANDBOX MODE: no LINE credentials, so Joren talks to its built-in LINE simulator. Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to connect a real channel.',
  );
  return { ...sandbox, sandbox };
}

async function runCleanups(cleanups: (() => Promise<void>)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch(() => undefined);
  }
  cleanups.length = 0;
}
