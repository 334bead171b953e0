import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { exposureOf, exposureWarning, isExposed } from './staff-channel.js';
/** What `npm run setup:slack` checks, and what it found. */
export interface SlackSetupOptions {
  botToken: string;
  /** The Web API base URL (https://slack.com/api/, or a fake's). */
  apiUrl: string;
  staffChannel: string;
  /** The bot scopes manifest.yml asks for. */
  requiredScopes: string[];
  say: (line: string) => void;
}

export interface SlackSetupReport {
  ok: boolean;
  team?: string;
  /** Scopes manifest.yml asks for that the token does not have. */
  missingScopes: string[];
  /** Everything that needs fixing, each with how to fix it. */
  problems: string[];
}

type Json = Record<string, unknown>;

const REINSTALL =
  'add them in api.slack.com/apps › your app › OAuth & Permissions › Bot Token Scopes (or paste manifest.yml into App Manifest), then press "Reinstall to Workspace" and copy the new xoxb- token to SLACK_BOT_TOKEN';

/**
 * Checks a Slack app is ready for Joren: the bot token works (auth.test), it has every bot scope of
 * manifest.yml (Slack lists a token's scopes in the x-oauth-scopes response header), and the staff
 * channel exists with the bot in it and is private, not shared (conversations.info). Says exactly what is missing and how to fix it.
 */
export async function checkSlackSetup(options: SlackSetupOptions): Promise<SlackSetupReport> {
  const { say } = options;
  const problems: string[] = [];
  const call = async (method: string, args: Json) => {
    const res = await fetch(
      new URL(method, options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.botToken}`,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify(args),
      },
    );
    const body = (await res.json().catch(() => ({ ok: false, error: `http_${res.status}` }))) as Json;
    return { body, scopes: res.headers.get('x-oauth-scopes') };
  };

  const auth = await call('auth.test', {});
  if (auth.body.ok !== true) {
    const error = String(auth.body.error);
    problems.push(
      `The bot token does not work (${error}): copy the Bot User OAuth Token (xoxb-…) from api.slack.com/apps › your app › OAuth & Permissions to SLACK_BOT_TOKEN; if there is none, install the app to your workspace first.`,
    );
    problems.forEach((p) => say(`✗ ${p}`));
    return { ok: false, missingScopes: [], problems };
  }
  const team = String(auth.body.team);
  say(`✓ Token works: ${team} (bot user ${String(auth.body.user_id)})`);

  let missingScopes: string[] = [];
  if (auth.scopes === null) {
    problems.push(
      "Slack did not list the token's scopes (no x-oauth-scopes header): check SLACK_API_URL points at https://slack.com/api/.",
    );
  } else {
    const granted = new Set(
      auth.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    missingScopes = options.requiredScopes.filter((scope) => !granted.has(scope));
    if (missingScopes.length === 0) say(`✓ Scopes: all ${options.requiredScopes.length} of manifest.yml`);
    else problems.push(`The token lacks these bot scopes: ${missingScopes.join(', ')}: ${REINSTALL}.`);
  }

  const info = await call('conversations.info', { channel: options.staffChannel });
  const channel = info.body.channel as Json | undefined;
  if (info.body.ok !== true || !channel) {
    const error = String(info.body.error);
    problems.push(
      error === 'channel_not_found'
        ? `The staff channel ${options.staffChannel} was not found: set SLACK_STAFF_CHANNEL to the channel ID (C…, at the bottom of the channel's details); for a private channel, invite the bot first (/invite @Joren).`
        : `Could not read the staff channel ${options.staffChannel} (${error})${error === 'missing_scope' ? `: ${REINSTALL}` : ''}.`,
    );
  } else if (channel.is_member !== true) {
    problems.push(
      `The bot is not a member of #${String(channel.name)}: open #${String(channel.name)} in Slack and type /invite @Joren.`,
    );
  } else {
    say(`✓ Staff channel: #${String(channel.name)}, and the bot is a member`);
  }
  const exposure = channel ? exposureOf(channel) : undefined;
  if (exposure && isExposed(exposure)) problems.push(exposureWarning(exposure, `#${String(channel!.name)}`));
  else if (exposure) say(`✓ Staff channel is private: only invited members read customers' messages`);

  problems.forEach((p) => say(`✗ ${p}`));
  say(problems.length === 0 ? 'Slack is ready for Joren.' : `${problems.length} thing(s) to fix.`);
  return { ok: problems.length === 0, team, missingScopes, problems };
}

/** The bot scopes listed under oauth_config › scopes › bot in a Slack app manifest (YAML). */
export function manifestBotScopes(manifest: string): string[] {
  const parsed = manifestScopes.safeParse(parseYaml(manifest));
  return parsed.success ? (parsed.data.oauth_config?.scopes?.bot ?? []) : [];
}

const manifestScopes = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).optional() }).optional() }).optional(),
});
