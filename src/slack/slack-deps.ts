import type { Scheduler } from '../../scheduler/scheduler.js';
import type { ComplaintCases } from '../cases/complaint-cases.js';
import type { Clock } from '../clock.js';
import type { CustomerDirectory } from '../customers/customer-directory.js';
import type { CustomerErasure } from '../customers/customer-erasure.js';
import type { Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { TimeOfDay } from '../retention/shop-time.js';
import type { StaffReplies } from '../staff/staff-replies.js';
import type { WinBackEpisodes } from '../win-back/win-back-episodes.js';
import type { CaseCare } from '../cases/case-care.js';
import type { ContactTasks } from '../customers/contact-tasks.js';
import type { CustomerTags } from '../customers/customer-tags.js';
import type { PhoneLinks } from '../customers/phone-links.js';
import type { ChatLinks } from '../line/chat-links.js';
import type { CheckIns } from '../visits/check-ins.js';
import type { VoiceServices } from '../voice/voice-services.js';
import type { SlackStaffDesk } from './desk/slack-staff-desk.js';
import type { SlackIdentityCache } from './identity.js';
import type { StaffDirectory } from './staff-directory.js';
import type { StaffText } from './text/index.js';
import type { SlackWebClient } from './web-client.js';

/** The Slack side of Joren, built once at start-up. */
export interface SlackServices {
  web: SlackWebClient;
  identity: SlackIdentityCache;
  /** The channel where staff work (threads, case cards, alerts). */
  staffChannel: string;
  /** What Joren posts in the staff channel is in the shop's language. */
  channelText: StaffText;
  staff: StaffDirectory;
  customers: CustomerDirectory;
  desk: SlackStaffDesk;
  erasure: CustomerErasure;
}

/**
 * The services Slack handlers call: a handler parses, calls one of these, and renders Block Kit. It
 * reads through `models` (customers, cases, scans, figures) and never writes one itself.
 */
export interface StaffServices {
  shop: { timezone: string; morningTime: TimeOfDay; winBackWindowDays: number };
  clock: Clock;
  log: Logger;
  models: Models;
  cases: Pick<ComplaintCases, 'take' | 'resolve'>;
  winBack: WinBackEpisodes;
  staffReplies: StaffReplies;
  scheduler: Pick<
    Scheduler,
    'previewBroadcast' | 'scheduleBroadcast' | 'followUpsDueBy' | 'schedulePostVisit' | 'followUpsOf'
  >;
  /** Visits and reach: check-ins, linking, tags, contact tasks, complaints heard in person. */
  reach: ReachServices;
  /** The shop's voice: texts, newsletter, calendar, 喪中, wishes and referrals. */
  voice: VoiceServices;
}

/** The services behind check-ins, linking, tags, contact tasks and complaints heard in person. */
export interface ReachServices {
  checkIns: Pick<CheckIns, 'today' | 'undo'>;
  phoneLinks: Pick<PhoneLinks, 'decide'>;
  tags: CustomerTags;
  caseCare: Pick<CaseCare, 'openInPerson' | 'toggleStep'>;
  contactTasks: Pick<ContactTasks, 'complete'>;
  chatLinks: Pick<ChatLinks, 'prefilledMessage'>;
}

/** What Slack handlers work with: the services they call and the Slack side. */
export interface SlackDeps {
  services: StaffServices;
  slack: SlackServices;
}
