import { slackErrorCode, type SlackWebClient } from './web-client.js';
import type { Logger } from '../log.js';

/** Who besides invited staff can read the staff channel (conversations.info). */
export interface ChannelExposure {
  /** A public channel: every member of the workspace can open and read it. */
  public: boolean;
  /** Shared with another workspace of the organisation or, by Slack Connect, another company. */
  shared: boolean;
  externallyShared: boolean;
}

/** The parts of conversations.info's channel object that say who can read it. */
export interface ChannelVisibility {
  is_private?: boolean;
  is_shared?: boolean;
  is_org_shared?: boolean;
  is_ext_shared?: boolean;
  is_pending_ext_shared?: boolean;
}

/** What a channel object says about who can read it. */
export function exposureOf(channel: ChannelVisibility): ChannelExposure {
  return {
    public: channel.is_private !== true,
    shared: channel.is_shared === true || channel.is_org_shared === true,
    externallyShared: channel.is_ext_shared === true || channel.is_pending_ext_shared === true,
  };
}

/** True when people other than the invited staff can read customers' messages there. */
export function isExposed(exposure: ChannelExposure): boolean {
  return exposure.public || exposure.shared || exposure.externallyShared;
}

/**
 * The staff channel's exposure as Slack reports it now; undefined when Slack cannot say (the
 * start-up check already warns about an unreadable channel).
 */
export async function staffChannelExposure(deps: {
  web: SlackWebClient;
  staffChannel: string;
  log: Logger;
}): Promise<ChannelExposure | undefined> {
  try {
    const { channel } = await deps.web.conversations.info({ channel: deps.staffChannel });
    return channel ? exposureOf(channel) : undefined;
  } catch (error) {
    deps.log.warn({ slackError: slackErrorCode(error) }, 'could not read the staff channel’s visibility');
    return undefined;
  }
}

/** The warning for logs and `setup:slack` (English, as the rest of the operator's output). */
export function exposureWarning(exposure: ChannelExposure, channel: string): string {
  const who = [
    exposure.public ? 'it is public: every member of the workspace can read it' : undefined,
    exposure.shared ? 'it is shared with another workspace' : undefined,
    exposure.externallyShared ? 'it is shared with another company (Slack Connect)' : undefined,
  ].filter(Boolean);
  return (
    `The staff channel ${channel} exposes customers' messages, names and birthdays: ${who.join('; ')}. ` +
    'Use a private channel only staff are invited to (channel details › Settings › Change to a private channel, ' +
    'or create a private one and set SLACK_STAFF_CHANNEL to it), and stop sharing it with other organisations.'
  );
}
