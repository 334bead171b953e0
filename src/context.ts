import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { ConversationLog } from './conversation/conversation-log.js';
import type { CustomerRecords } from './customers/customer-records.js';
import type { Database } from './db/connect.js';
import type { Models } from './db/models/index.js';
import type { InboxWorker } from './inbox/inbox-worker.js';
import type { InboxWriter } from './inbox/inbox-writer.js';
import type { ChatLinks } from './line/chat-links.js';
import type { LineApi } from './line/line-api.js';
import type { LineMessenger } from './line/messenger.js';
import type { Logger } from './log.js';
import type { LineSandbox } from './sandbox/line-sandbox.js';
import type { Templates } from './templates/index.js';
import type { FlowDeps } from '../flows/flow.js';
import type { TouchpointComposers } from './outreach/touchpoints.js';
import type { SlackRuntime } from './slack/slack-app.js';
import type { StaffAlerts } from './alerts/staff-alerts.js';
import type { Outreach } from './outreach/outreach.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { JorenMetrics } from './observability/metrics.js';

/** Everything built once at start-up and passed down; no module reaches for a live client itself. */
export interface AppContext {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  models: Models;
  templates: Templates;
  line: {
    api: LineApi;
    messenger: LineMessenger;
    channelSecret: string;
    /** Links that open the shop's chat with a code typed in (check-in, referral, link codes). */
    chatLinks: ChatLinks;
    /** Present in sandbox mode: the local LINE simulator. */
    sandbox: LineSandbox | undefined;
  };
  customers: CustomerRecords;
  conversationLog: ConversationLog;
  inbox: { writer: InboxWriter; worker: InboxWorker };
  /** What the conversation flows use: conversation state, complaint cases, the staff desk… */
  flows: FlowDeps;
  /** Who composes each kind of scheduled or staff-initiated message. */
  touchpoints: TouchpointComposers;
  /** Staff in Slack: the Web API client, the staff desk, alerts, the customer directory, /forget… */
  slack: SlackRuntime;
  /** Where staff are told about failed jobs, budget shortfalls, the lapse digest. */
  alerts: StaffAlerts;
  /** Scheduled sends through the contact policy and the send ledger. */
  outreach: Outreach;
  /** Agenda jobs; post-visit follow-ups, broadcasts, time travel (runDue), explanations. */
  scheduler: Scheduler;
  /** Prometheus metrics (GET /metrics when METRICS_TOKEN is set). */
  metrics: JorenMetrics;
}
