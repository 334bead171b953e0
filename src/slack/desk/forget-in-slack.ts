import type { ErasureStep } from '../../customers/customer-erasure.js';
import type { Models } from '../../db/models/index.js';
import { caseCard } from '../blocks/case-card.js';
import { forgottenThread } from '../blocks/thread.js';
import type { StaffText } from '../text/index.js';
import { slackErrorCode, type SlackWebClient } from '../web-client.js';
import type { ConversationThreads } from './conversation-threads.js';

/**
 * The copies of a customer's data Joren put in Slack, removed when the customer is forgotten: the
 * customer's messages relayed to threads are deleted, the threads' first messages and the case cards
 * are rewritten without name or words. (Replies staff wrote themselves cannot be deleted with a bot
 * token; /forget tells staff so.) It runs before the database records that point to them go.
 */
export function forgetInSlack(deps: {
  web: SlackWebClient;
  models: Pick<Models, 'Message' | 'ComplaintCase'>;
  threads: ConversationThreads;
  text: StaffText;
  timeZone: string;
}): ErasureStep {
  const gone = (error: unknown) => ['message_not_found', 'channel_not_found'].includes(slackErrorCode(error));
  const tolerate = async (call: () => Promise<unknown>) => {
    try {
      await call();
      return 1;
    } catch (error) {
      if (gone(error)) return 0;
      throw error;
    }
  };
  return {
    name: 'slack',
    async run({ customerId }) {
      let count = 0;
      // A rare action: the scans by customerId are fine.
      const relayed = await deps.models.Message.find(
        { customerId, slack: { $exists: true } },
        { slack: 1 },
      ).lean();
      for (const { slack } of relayed) {
        count += await tolerate(() => deps.web.chat.delete({ channel: slack!.channel, ts: slack!.ts }));
      }
      for (const thread of await deps.threads.forget(customerId)) {
        count += await tolerate(() => deps.web.chat.update({ ...thread, ...forgottenThread(deps.text) }));
      }
      const cases = await deps.models.ComplaintCase.find({ customerId, slack: { $exists: true } }).lean();
      for (const complaint of cases) {
        const { words: _words, wish: _wish, resolution: _resolution, ...kept } = complaint;
        const card = caseCard({ complaint: kept, customer: null }, deps.text, deps.timeZone);
        count += await tolerate(() =>
          deps.web.chat.update({ channel: complaint.slack!.channel, ts: complaint.slack!.ts, ...card }),
        );
      }
      return count;
    },
  };
}
