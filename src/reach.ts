import type { ComplaintCases } from './cases/complaint-cases.js';
import { CaseCare, type CaseCareDeps } from './cases/case-care.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { CustomerTags } from './customers/customer-tags.js';
import { PhoneLinks } from './customers/phone-links.js';
import type { Models } from './db/models/index.js';
import type { LineApi } from './line/line-api.js';
import { ChatLinks } from './line/chat-links.js';
import type { LineMessenger } from './line/messenger.js';
import type { Logger } from './log.js';
import { SlackStaffNotices } from './slack/reach/slack-staff-notices.js';
import type { SlackRuntime } from './slack/slack-app.js';
import type { StaffDesk } from './staff/staff-desk.js';
import type { Templates } from './templates/index.js';
import { CheckIns, type CheckInsDeps } from './visits/check-ins.js';

/** What visits and reach (issue 16) are built from: the app's parts, and two handed in by app.ts. */
export interface ReachDeps {
  config: Config;
  models: Models;
  api: LineApi;
  messenger: LineMessenger;
  templates: Templates;
  slack: SlackRuntime;
  staffDesk: StaffDesk;
  cases: ComplaintCases;
  clock: Clock;
  log: Logger;
  /** The scheduler's post-visit calls (it is built later; they are called only once a customer checks in). */
  postVisit: CheckInsDeps['scheduler'];
  /** The follow-up question after a complaint, composed by its flow (flows/case-follow-up.flow.ts). */
  followUpMessages: CaseCareDeps['followUpMessages'];
}

/**
 * Builds the services of visits and reach once: chat links, the staff-channel notices (registered
 * with /forget), tags, check-ins, phone links and complaint care.
 */
export function createReach(deps: ReachDeps) {
  const { config, models, clock, log, slack } = deps;
  const timezone = config.shop.timezone;
  const chatLinks = new ChatLinks(deps.api);
  const notices = new SlackStaffNotices({
    web: slack.web,
    channel: slack.staffChannel,
    text: slack.channelText,
    timeZone: timezone,
    desk: slack.desk,
    models,
    now: () => clock.now(),
    log,
  });
  slack.erasure.registerCopies(notices.erasureStep());
  const checkIns = new CheckIns({
    models,
    scheduler: deps.postVisit,
    chatLinks,
    notices,
    timezone,
    winBackWindowDays: config.shop.winBackWindowDays,
    notifyStaff: config.checkIn.notifyStaff,
    clock,
    log,
  });
  const caseCare = new CaseCare({
    models,
    cases: deps.cases,
    messenger: deps.messenger,
    staffDesk: deps.staffDesk,
    notices,
    followUpMessages: deps.followUpMessages,
    clock,
    timezone,
    log,
  });
  return {
    chatLinks,
    notices,
    tags: new CustomerTags({ models }),
    checkIns,
    phoneLinks: new PhoneLinks({
      models,
      messenger: deps.messenger,
      templates: deps.templates,
      notices,
      clock,
    }),
    caseCare,
  };
}
