import type { StaffLanguage } from '../config.js';
import type { Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import { slackErrorCode, type SlackWebClient } from './web-client.js';

/** Names change rarely; asking Slack at most hourly per person is plenty. */
const NAME_TTL_MS = 3_600_000;

/** A staff member acting in Slack. */
export interface StaffMemberRef {
  teamId: string;
  userId: string;
}

/**
 * What Joren knows about staff members: their name as Slack shows it (users.info, kept in memory for
 * an hour — any instance can ask again) and the language they chose (stored, default the shop's).
 */
export class StaffDirectory {
  private readonly names = new Map<string, { name: string; until: number }>();

  constructor(
    private readonly deps: {
      web: SlackWebClient;
      models: Pick<Models, 'StaffMember'>;
      defaultLanguage: StaffLanguage;
      now: () => Date;
      log: Logger;
    },
  ) {}

  /** The shop's language: what a staff member who chose none reads. */
  get defaultLanguage(): StaffLanguage {
    return this.deps.defaultLanguage;
  }

  /** The name to log and show for a staff member; their user id if Slack cannot say. */
  async nameOf(userId: string): Promise<string> {
    const now = this.deps.now().getTime();
    const cached = this.names.get(userId);
    if (cached && cached.until > now) return cached.name;
    try {
      const { user } = await this.deps.web.users.info({ user: userId });
      const name =
        nonEmpty(user?.profile?.display_name) ??
        nonEmpty(user?.profile?.real_name) ??
        nonEmpty(user?.real_name) ??
        nonEmpty(user?.name) ??
        userId;
      this.names.set(userId, { name, until: now + NAME_TTL_MS });
      return name;
    } catch (error) {
      this.deps.log.warn(
        { userId, slackError: slackErrorCode(error) },
        'could not read a staff name from Slack',
      );
      return userId;
    }
  }

  async languageOf(member: StaffMemberRef): Promise<StaffLanguage> {
    const found = await this.deps.models.StaffMember.findById(keyOf(member)).lean();
    return found?.language ?? this.deps.defaultLanguage;
  }

  async setLanguage(member: StaffMemberRef, language: StaffLanguage): Promise<void> {
    await this.deps.models.StaffMember.updateOne(
      { _id: keyOf(member) },
      { $set: { language, updatedAt: this.deps.now() } },
      { upsert: true },
    );
  }
}

function keyOf(member: StaffMemberRef): string {
  return `${member.teamId}:${member.userId}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
