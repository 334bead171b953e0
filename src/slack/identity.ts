import { ErrorCode, JorenError } from '../errors.js';
import type { Logger } from '../log.js';
import { slackErrorCode, type SlackWebClient } from './web-client.js';

/** Who the bot is in Slack, from auth.test. */
export interface SlackIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
}

/** Errors auth.test gives for a token that will never work: a configuration problem, not an outage. */
const TOKEN_REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

/**
 * The bot's identity, asked of Slack once (auth.test) and kept; a failed attempt is not kept, so
 * the next request asks again. The team it names is who counts as staff unless
 * SLACK_ALLOWED_TEAM_IDS says otherwise.
 */
export class SlackIdentityCache {
  private pending: Promise<SlackIdentity> | undefined;

  constructor(
    private readonly web: SlackWebClient,
    private readonly log: Logger,
  ) {}

  get(): Promise<SlackIdentity> {
    this.pending ??= this.ask().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async ask(): Promise<SlackIdentity> {
    try {
      const result = await this.web.auth.test();
      if (!result.team_id || !result.user_id || !result.bot_id) {
        throw new JorenError(ErrorCode.SlackApiFailed, 'auth.test did not name the team, bot user and bot.');
      }
      this.log.info({ teamId: result.team_id, botUserId: result.user_id }, 'Slack bot identified');
      return { teamId: result.team_id, botUserId: result.user_id, botId: result.bot_id };
    } catch (error) {
      if (error instanceof JorenError) throw error;
      const code = slackErrorCode(error);
      if (TOKEN_REJECTED.has(code)) {
        throw new JorenError(
          ErrorCode.ConfigInvalid,
          `Configuration error: SLACK_BOT_TOKEN was refused by Slack (${code}) — copy the Bot User OAuth Token (xoxb-) from api.slack.com/apps › your app › OAuth & Permissions.`,
          { variable: 'SLACK_BOT_TOKEN', slackError: code },
        );
      }
      throw new JorenError(
        ErrorCode.SlackApiFailed,
        `Slack auth.test failed: ${code}`,
        { slackError: code },
        {
          cause: error,
        },
      );
    }
  }
}
