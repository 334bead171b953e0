import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { SlackIdentityCache } from './identity.js';
import type { SlackUserCache } from './slack-users.js';
import { notStaffRefusal } from './text/index.js';
import { slackErrorCode, type SlackWebClient } from './web-client.js';

export interface StaffPolicy {
  /** Teams whose members are staff; empty: the bot's own team (auth.test). */
  allowedTeamIds: string[];
  /** If set, only these users are staff. */
  allowedUserIds: string[];
}

export interface StaffAccessDeps {
  policy: StaffPolicy;
  identity: SlackIdentityCache;
  /** users.info, cached: guests and deactivated members are never staff. */
  users: SlackUserCache;
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

/** True when the allow-lists let this team member in (before asking Slack whether they are a guest). */
function isListed(policy: StaffPolicy, ownTeamId: string, actor: Pick<Actor, 'teamId' | 'userId'>): boolean {
  const teams = policy.allowedTeamIds.length > 0 ? policy.allowedTeamIds : [ownTeamId];
  if (!actor.teamId || !actor.userId || !teams.includes(actor.teamId)) return false;
  return policy.allowedUserIds.length === 0 || policy.allowedUserIds.includes(actor.userId);
}

/**
 * Staff: listed, and a full member by users.info — a guest (single- or multi-channel) or a deactivated
 * account never is, whatever the lists say. When Slack cannot answer, the request is refused (fail closed).
 */
async function isStaff(deps: StaffAccessDeps, ownTeamId: string, actor: Actor): Promise<boolean> {
  if (!isListed(deps.policy, ownTeamId, actor)) return false;
  try {
    const facts = await deps.users.get(actor.userId!);
    return !facts.guest && !facts.deleted;
  } catch (error) {
    deps.log.warn(
      { userId: actor.userId, slackError: slackErrorCode(error) },
      'users.info failed: the request is refused until Slack answers',
    );
    return false;
  }
}

/** Slack's `user_change`: a member's profile or role changed (made a guest, deactivated). */
function changedUser(body: Body): string | undefined {
  if (body.type !== 'event_callback') return undefined;
  const event = (body.event ?? {}) as Body;
  if (event.type !== 'user_change') return undefined;
  return str(((event.user ?? {}) as Body).id);
}

/**
 * The first middleware after Bolt's own: only staff reach a handler. Anyone else gets a polite
 * ephemeral refusal that shows nothing about customers; events from them (or from no one, like edits
 * and deletions) are dropped here. A `user_change` event only drops that user from the cache.
 */
export function staffOnly(deps: StaffAccessDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Body;
    const changed = changedUser(body);
    if (changed) {
      deps.users.forget(changed);
      return;
    }
    const actor = actorOf(body);
    if (actor.kind === 'event' && !actor.userId) return;
    const identity = await deps.identity.get();
    if (await isStaff(deps, identity.teamId, actor)) {
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
