import type { StaffLanguage } from '../config.js';
import type { Models } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { SlackUserCache } from './slack-users.js';
import { slackErrorCode } from './web-client.js';

/** A staff member acting in Slack. */
export interface StaffMemberRef {
  teamId: string;
  userId: string;
}

/**
 * What Joren knows about staff members: their name as Slack shows it (users.info through the shared
 * user cache — any instance can ask again) and the language they chose (stored, default the shop's).
 */
export class StaffDirectory {
  constructor(
    private readonly deps: {
      users: SlackUserCache;
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
    try {
      return (await this.deps.users.get(userId)).name ?? userId;
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
