import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { SlackIdentityCache } from './identity.js';
import { notStaffRefusal } from './text/index.js';
import type { SlackWebClient } from './web-client.js';

export interface StaffPolicy {
  /** Teams whose members are staff; empty: the bot's own team (auth.test). */
  allowedTeamIds: string[];
  /** If set, only these users are staff. */
  allowedUserIds: string[];
}

export interface StaffAccessDeps {
  policy: StaffPolicy;
  identity: SlackIdentityCache;
  staffChannel: string;
  web: SlackWebClient;
  log: Logger;
}

type Body = Record<string, unknown>;
interface Actor {
  kind: 'command' | 'interaction' | 'event';
  teamId: string | undefined;
  userId: string | undefined;
}

/** Who sent a Slack request: the user and their team, wherever this kind of body keeps them. */
function actorOf(body: Body): Actor {
  if (typeof body.command === 'string') {
    return { kind: 'command', teamId: str(body.team_id), userId: str(body.user_id) };
  }
  if (body.type === 'event_callback') {
    const event = (body.event ?? {}) as Body;
    return {
      kind: 'event',
      teamId: str(event.user_team) ?? str(event.team) ?? str(body.team_id),
      userId: str(event.user),
    };
  }
  const user = (body.user ?? {}) as Body;
  const team = (body.team ?? {}) as Body;
  return { kind: 'interaction', teamId: str(user.team_id) ?? str(team.id), userId: str(user.id) };
}

/** True when this team member counts as the shop's staff. */
function isStaff(policy: StaffPolicy, ownTeamId: string, actor: Pick<Actor, 'teamId' | 'userId'>): boolean {
  const teams = policy.allowedTeamIds.length > 0 ? policy.allowedTeamIds : [ownTeamId];
  if (!actor.teamId || !actor.userId || !teams.includes(actor.teamId)) return false;
  return policy.allowedUserIds.length === 0 || policy.allowedUserIds.includes(actor.userId);
}

/**
 * The first middleware after Bolt's own: only staff reach a handler. Anyone else gets a polite
 * ephemeral refusal that shows nothing about customers; events from them (or from no one, like edits
 * and deletions) are dropped here.
 */
export function staffOnly(deps: StaffAccessDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Body;
    const actor = actorOf(body);
    if (actor.kind === 'event' && !actor.userId) return;
    const identity = await deps.identity.get();
    if (isStaff(deps.policy, identity.teamId, actor)) {
      await args.next();
      return;
    }
    deps.log.info(
      { kind: actor.kind, teamId: actor.teamId, userId: actor.userId },
      'Slack request from someone who is not staff',
    );
    await refuse(deps, body, actor, args);
  };
}

async function refuse(
  deps: StaffAccessDeps,
  body: Body,
  actor: Actor,
  args: AnyMiddlewareArgs & AllMiddlewareArgs,
) {
  const ack = 'ack' in args ? (args.ack as (response?: unknown) => Promise<void>) : undefined;
  const respond =
    'respond' in args ? (args.respond as ((message: unknown) => Promise<unknown>) | undefined) : undefined;
  if (actor.kind === 'command') {
    await ack?.({ response_type: 'ephemeral', text: notStaffRefusal });
    return;
  }
  if (body.type === 'view_submission') {
    await ack?.({ response_action: 'update', view: refusalView() });
    return;
  }
  if (actor.kind === 'interaction') {
    await ack?.();
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: notStaffRefusal });
    return;
  }
  const event = (body.event ?? {}) as Body;
  const repliedInStaffThread =
    event.type === 'message' &&
    event.subtype === undefined &&
    event.bot_id === undefined &&
    event.channel === deps.staffChannel &&
    typeof event.thread_ts === 'string';
  if (repliedInStaffThread && actor.userId) {
    await deps.web.chat.postEphemeral({
      channel: deps.staffChannel,
      user: actor.userId,
      thread_ts: String(event.thread_ts),
      text: notStaffRefusal,
    });
  }
}

function refusalView() {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Joren' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: notStaffRefusal } }],
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
