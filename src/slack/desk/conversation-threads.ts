import { refusedInserts } from '../../db/bulk-write.js';
import type { SlackThread, SlackThreadModel } from '../../db/models/index.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { SlackWebClient } from '../web-client.js';

/** Where a thread lives in Slack. */
export interface ThreadRef {
  channel: string;
  ts: string;
}

const conversationKey = (customerId: string, startedAt: Date) => `c:${customerId}:${startedAt.getTime()}`;
const threadKey = (channel: string, ts: string) => `t:${channel}:${ts}`;

/**
 * One Slack thread per customer conversation, found both ways by `_id` (see the SlackThread model):
 * from a customer's new message to its thread, and from a staff reply in a thread to the customer.
 */
export class ConversationThreads {
  constructor(
    private readonly deps: {
      SlackThread: SlackThreadModel;
      web: SlackWebClient;
      channel: string;
      now: () => Date;
    },
  ) {}

  /** The thread of this conversation, opened with `parent` as its first message if there is none yet. */
  async threadFor(customerId: string, startedAt: Date, parent: () => SlackMessage): Promise<ThreadRef> {
    const existing = await this.deps.SlackThread.findById(conversationKey(customerId, startedAt)).lean();
    if (existing) return { channel: existing.channel, ts: existing.ts };

    const posted = await this.deps.web.chat.postMessage({ channel: this.deps.channel, ...parent() });
    const ref = { channel: this.deps.channel, ts: posted.ts! };
    const record = { customerId, ...ref, conversationStartedAt: startedAt, createdAt: this.deps.now() };
    try {
      await this.deps.SlackThread.insertMany(
        [
          { _id: conversationKey(customerId, startedAt), ...record },
          { _id: threadKey(ref.channel, ref.ts), ...record },
        ],
        { ordered: false },
      );
      return ref;
    } catch (error) {
      // Another instance opened the thread at the same moment: use theirs (ours stays an orphan).
      if (!refusedInserts(error)?.every((refusal) => refusal.duplicate)) throw error;
      const winner = await this.deps.SlackThread.findById(conversationKey(customerId, startedAt)).lean();
      return winner ? { channel: winner.channel, ts: winner.ts } : ref;
    }
  }

  /** The customer whose conversation this thread is, if it is one. */
  async customerOf(channel: string, threadTs: string): Promise<string | undefined> {
    return (await this.deps.SlackThread.findById(threadKey(channel, threadTs)).lean())?.customerId;
  }

  /** Forgets every thread of a customer; returns where they were (one entry per thread). */
  async forget(customerId: string): Promise<ThreadRef[]> {
    // A rare action: the scan by customerId is fine.
    const records: SlackThread[] = await this.deps.SlackThread.find({ customerId }).lean();
    await this.deps.SlackThread.deleteMany({ customerId });
    return records.filter((r) => r._id.startsWith('t:')).map((r) => ({ channel: r.channel, ts: r.ts }));
  }
}
