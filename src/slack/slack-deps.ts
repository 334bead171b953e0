import type { AppContext } from '../context.js';
import type { CustomerDirectory } from '../customers/customer-directory.js';
import type { CustomerErasure } from '../customers/customer-erasure.js';
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

/** What Slack handlers work with: the app and its Slack side. */
export interface SlackDeps {
  app: AppContext;
  slack: SlackServices;
}
