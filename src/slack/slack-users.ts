import type { SlackWebClient } from './web-client.js';

/** What users.info says about a Slack user that Joren needs: who may act, and what to call them. */
export interface SlackUserFacts {
  teamId: string | undefined;
  /** A multi-channel (`is_restricted`) or single-channel (`is_ultra_restricted`) guest. */
  guest: boolean;
  /** Deactivated in the workspace. */
  deleted: boolean;
  /** The name Slack shows, if any. */
  name: string | undefined;
}

export interface SlackUserCacheOptions {
  web: SlackWebClient;
  now: () => Date;
  /** How long an answer is kept; a `user_change` event drops it sooner. Default one hour. */
  ttlMs?: number;
  /** How many users are kept; the least recently asked is dropped first. Default 1,000. */
  maxUsers?: number;
}

/**
 * users.info, kept in memory: asked once per user per hour (one call however many clicks), bounded in
 * size, and forgotten on Slack's `user_change` event (a member made a guest, deactivated or renamed).
 * Concurrent asks for one user share one call. A failed call is not kept, so the next asks again.
 */
export class SlackUserCache {
  private readonly entries = new Map<string, { facts: Promise<SlackUserFacts>; until: number }>();
  private readonly ttlMs: number;
  private readonly maxUsers: number;

  constructor(private readonly options: SlackUserCacheOptions) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxUsers = options.maxUsers ?? 1_000;
  }

  /** The user's facts; rejects with Slack's error when users.info fails. */
  get(userId: string): Promise<SlackUserFacts> {
    const now = this.options.now().getTime();
    const cached = this.entries.get(userId);
    if (cached && cached.until > now) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.entries.delete(userId);
      this.entries.set(userId, cached);
      return cached.facts;
    }
    const facts = this.ask(userId);
    this.entries.delete(userId);
    this.entries.set(userId, { facts, until: now + this.ttlMs });
    facts.catch(() => {
      if (this.entries.get(userId)?.facts === facts) this.entries.delete(userId);
    });
    while (this.entries.size > this.maxUsers) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return facts;
  }

  /** Drops what is known of a user (their profile or role changed). */
  forget(userId: string): void {
    this.entries.delete(userId);
  }

  /** How many users are kept now. */
  get size(): number {
    return this.entries.size;
  }

  private async ask(userId: string): Promise<SlackUserFacts> {
    const { user } = await this.options.web.users.info({ user: userId });
    return {
      teamId: nonEmpty(user?.team_id),
      guest: user?.is_restricted === true || user?.is_ultra_restricted === true,
      deleted: user?.deleted === true,
      name:
        nonEmpty(user?.profile?.display_name) ??
        nonEmpty(user?.profile?.real_name) ??
        nonEmpty(user?.real_name) ??
        nonEmpty(user?.name),
    };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
