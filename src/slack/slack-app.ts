import { App } from '@slack/bolt';
import type { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Config, StaffLanguage } from '../config.js';
import { CustomerDirectory } from '../customers/customer-directory.js';
import { CustomerErasure } from '../customers/customer-erasure.js';
import type { Models } from '../db/models/index.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SlackSandbox } from '../sandbox/slack-sandbox.js';
import { postAlert, type StaffAlert } from './alerts.js';
import { registerBroadcast } from './broadcast/broadcast.command.js';
import { registerAppHome } from './home/app-home.js';
import { buttonHandlers } from './buttons.js';
import { caseViews } from './cases/case-buttons.js';
import { runCommand, type CommandTiming } from './commands/run-command.js';
import { complaintViews } from './reach/complaint-slack.js';
import { tagViews } from './reach/tags-slack.js';
import { registerVoice } from './voice/register-voice.js';
import { commandsByName } from './commands/registry.js';
import type { JorenMetrics } from '../observability/metrics.js';
import { forgetInSlack } from './desk/forget-in-slack.js';
import { SlackStaffDesk } from './desk/slack-staff-desk.js';
import { registerThreadReplies } from './desk/thread-replies.js';
import { SlackHttpReceiver } from './http-receiver.js';
import { SlackIdentityCache } from './identity.js';
import { registerInteractions } from './interactions.js';
import type { SlackServices, StaffServices } from './slack-deps.js';
import { resolveSlackSettings } from './slack-settings.js';
import { staffOnly } from './staff-access.js';
import { exposureOf, exposureWarning, isExposed } from './staff-channel.js';
import { StaffDirectory } from './staff-directory.js';
import { SlackUserCache } from './slack-users.js';
import { staffText } from './text/index.js';
import { createSlackWebClient, slackClientOptions, slackErrorCode, slackLogger } from './web-client.js';

/** Joren's Slack side as the rest of the app sees it. */
export interface SlackRuntime extends SlackServices {
  /** `POST /slack/events`, to mount on the HTTP server. */
  router: Router;
  /** The shop's language for what is posted in the staff channel. */
  channelLanguage: StaffLanguage;
  /** Present in sandbox mode: the local Slack simulator. */
  sandbox: SlackSandbox | undefined;
  /** Registers commands, buttons and events with the services they call; once, after start-up built them. */
  listen(staffServices: StaffServices): void;
  /** Asks Slack who the bot is and whether it can post in the staff channel (start-up). */
  check(): Promise<void>;
  /** Posts an alert to the staff channel (see alerts.ts). */
  postAlert(alert: StaffAlert): Promise<boolean>;
  /** Resolves when every Slack request being processed is done. */
  idle(): Promise<void>;
}

export interface CreateSlackDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  models: Models;
  cleanups: (() => Promise<void>)[];
  timing?: Partial<CommandTiming>;
  /** Times each slash command until staff have the answer (GET /metrics). */
  metrics?: Pick<JorenMetrics, 'commandStarted'>;
}

/**
 * Builds the Slack side: the Web API client (SLACK_API_URL, or the sandbox's), Bolt on Joren's own
 * express app behind the signature check, the staff allow-list, the staff desk (threads and case
 * cards) and the customer directory. Handlers are registered by `listen` once the services they call exist.
 */
export async function createSlack(deps: CreateSlackDeps): Promise<SlackRuntime> {
  const { config, clock, log, models } = deps;
  const settings = await resolveSlackSettings(config.slack, clock, log, deps.cleanups);
  const web = createSlackWebClient(settings.botToken, settings.apiUrl, log);
  const identity = new SlackIdentityCache(web, log);
  const users = new SlackUserCache({ web, now: () => clock.now() });
  const channelLanguage = config.slack.language;
  const channelText = staffText(channelLanguage);
  const now = () => clock.now();
  const timeZone = config.shop.timezone;
  const customers = new CustomerDirectory({ Customer: models.Customer, now, log });
  const desk = new SlackStaffDesk({
    web,
    models,
    channel: settings.staffChannel,
    text: channelText,
    timeZone,
    directory: customers,
    now,
    log,
  });
  const erasure = new CustomerErasure({ models, clock, log, onDeleted: (id) => customers.remove(id) });
  erasure.registerCopies(forgetInSlack({ web, models, threads: desk.threads, text: channelText, timeZone }));

  const services: SlackServices = {
    web,
    identity,
    staffChannel: settings.staffChannel,
    channelText,
    staff: new StaffDirectory({ users, models, defaultLanguage: channelLanguage, now, log }),
    customers,
    desk,
    erasure,
  };

  const slackLog = slackLogger(log);
  const receiver = new SlackHttpReceiver({ signingSecret: settings.signingSecret, clock, log, slackLog });
  const bolt = new App({
    receiver,
    logger: slackLog,
    clientOptions: slackClientOptions(settings.apiUrl, log),
    convoStore: false,
    authorize: async () => {
      const bot = await identity.get();
      return { botToken: settings.botToken, botId: bot.botId, botUserId: bot.botUserId, teamId: bot.teamId };
    },
  });
  bolt.use(
    staffOnly({ policy: config.slack, identity, users, staffChannel: settings.staffChannel, web, log }),
  );
  bolt.error((error) => {
    log.error({ code: (error as { code?: unknown }).code }, 'Slack handler failed');
    return Promise.resolve();
  });

  return {
    ...services,
    router: receiver.router,
    channelLanguage,
    sandbox: settings.sandbox,
    listen(staffServices) {
      const slackDeps = { services: staffServices, slack: services };
      const timing: CommandTiming = { ackBudgetMs: deps.timing?.ackBudgetMs ?? 1_500 };
      bolt.command(/^\//, async (args) => {
        const name = args.command.command;
        const answered = deps.metrics?.commandStarted(name, commandsByName.has(name));
        try {
          await runCommand(slackDeps, timing, args);
        } finally {
          answered?.();
        }
      });
      registerInteractions(bolt, slackDeps, {
        buttons: buttonHandlers,
        views: [...caseViews, ...tagViews, ...complaintViews],
      });
      registerThreadReplies(bolt, slackDeps);
      registerBroadcast(bolt, slackDeps);
      registerAppHome(bolt, slackDeps);
      registerVoice(bolt, slackDeps);
    },
    check: () => checkSlack(services, log),
    postAlert: (alert) => postAlert({ web, staffChannel: settings.staffChannel, log }, alert),
    idle: () => receiver.idle(),
  };
}

/**
 * A refused token stops the start (a configuration error); an unreachable Slack only warns, and so
 * does a staff channel people other than staff can read (public or shared).
 */
async function checkSlack(slack: SlackServices, log: Logger): Promise<void> {
  try {
    await slack.identity.get();
  } catch (error) {
    if (error instanceof JorenError && error.code === ErrorCode.ConfigInvalid) throw error;
    log.warn(
      { code: (error as { code?: unknown }).code },
      'Slack is not reachable now; Joren will ask again on the first request',
    );
    return;
  }
  try {
    const { channel } = await slack.web.conversations.info({ channel: slack.staffChannel });
    if (channel && channel.is_member === false) {
      log.warn(
        { staffChannel: slack.staffChannel },
        'the Slack bot is not in SLACK_STAFF_CHANNEL: invite it with /invite @Joren',
      );
    }
    const exposure = channel ? exposureOf(channel) : undefined;
    if (exposure && isExposed(exposure)) {
      log.warn(
        { staffChannel: slack.staffChannel, ...exposure },
        exposureWarning(exposure, slack.staffChannel),
      );
    }
  } catch (error) {
    log.warn(
      { staffChannel: slack.staffChannel, slackError: slackErrorCode(error) },
      'SLACK_STAFF_CHANNEL could not be checked: is the id right and the bot invited?',
    );
  }
}
