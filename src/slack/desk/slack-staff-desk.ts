import type { CustomerDirectory } from '../../customers/customer-directory.js';
import type { ComplaintCase, Customer, Message, Models } from '../../db/models/index.js';
import type { Logger } from '../../log.js';
import type { RelayContext, StaffDesk } from '../../staff/staff-desk.js';
import { caseCard } from '../blocks/case-card.js';
import type { SlackMessage } from '../blocks/kit.js';
import { relayedMessage, threadParent } from '../blocks/thread.js';
import type { StaffText } from '../text/index.js';
import { slackErrorCode, type SlackWebClient } from '../web-client.js';
import { ConversationThreads } from './conversation-threads.js';

export interface SlackStaffDeskDeps {
  web: SlackWebClient;
  models: Pick<Models, 'Message' | 'Conversation' | 'ComplaintCase' | 'Customer' | 'Survey' | 'SlackThread'>;
  channel: string;
  /** The staff channel's language. */
  text: StaffText;
  timeZone: string;
  /** Customers who write to staff become findable by name at once. */
  directory: CustomerDirectory;
  now: () => Date;
  log: Logger;
}

/**
 * The staff desk in Slack: customers' messages in one thread per conversation in the staff channel,
 * and a card per complaint case, updated in place. Slack being unreachable must not hold up the
 * customer's conversation, so failures are logged (with Slack's error code, never the words) and the
 * customer's turn goes on; a message not shown is still in the conversation log and on /customer.
 */
export class SlackStaffDesk implements StaffDesk {
  readonly threads: ConversationThreads;

  constructor(private readonly deps: SlackStaffDeskDeps) {
    this.threads = new ConversationThreads({
      SlackThread: deps.models.SlackThread,
      web: deps.web,
      channel: deps.channel,
      now: deps.now,
    });
  }

  async relayCustomerMessage(input: {
    customer: Customer;
    message: Message;
    context: RelayContext;
    conversationStartedAt?: Date;
  }): Promise<void> {
    const { customer, message, context } = input;
    this.deps.directory.note(customer);
    try {
      // Shown already: this event is being processed again after a later step failed.
      const shown = await this.deps.models.Message.findById(message._id, { slack: 1 }).lean();
      if (shown?.slack) return;
      const startedAt =
        input.conversationStartedAt ??
        (await this.deps.models.Conversation.findById(customer._id).lean())?.handOff?.openedAt ??
        message.at;
      const thread = await this.threads.threadFor(customer._id, startedAt, () =>
        threadParent(customer, context, this.deps.text),
      );
      const posted = await this.deps.web.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        ...relayedMessage(message),
      });
      await this.deps.models.Message.updateOne(
        { _id: message._id },
        { $set: { slack: { channel: thread.channel, ts: posted.ts } } },
      );
    } catch (error) {
      this.report(error, 'a customer message could not be shown in Slack', {
        customerId: customer._id,
        messageId: message._id,
      });
      // Fail the event so the inbox tries again: staff must see every message, and the `shown` check
      // above keeps a retry from relaying it twice.
      throw error;
    }
  }

  async caseOpened(input: { complaint: ComplaintCase; customer: Customer }): Promise<void> {
    await this.showCase(input.complaint, input.customer);
  }

  async caseChanged(input: { complaint: ComplaintCase; customer: Customer }): Promise<void> {
    await this.showCase(input.complaint, input.customer);
  }

  /** Re-reads a case and brings its card up to date (after steps that do not go through the desk). */
  async refreshCase(caseId: string): Promise<ComplaintCase | null> {
    const complaint = await this.deps.models.ComplaintCase.findById(caseId).lean();
    if (!complaint) return null;
    const customer = await this.deps.models.Customer.findById(complaint.customerId).lean();
    await this.showCase(complaint, customer);
    return complaint;
  }

  /** Posts a line in the case card's thread (a failure staff must know about). */
  async noteOnCase(caseId: string, text: string): Promise<void> {
    const complaint = await this.deps.models.ComplaintCase.findById(caseId, { slack: 1 }).lean();
    if (!complaint?.slack) return;
    await this.deps.web.chat.postMessage({
      channel: complaint.slack.channel,
      thread_ts: complaint.slack.ts,
      text,
    });
  }

  /** Posts the card, or updates it in place once it exists. */
  private async showCase(complaint: ComplaintCase, customer: Customer | null): Promise<void> {
    try {
      const card = await this.card(complaint, customer);
      if (complaint.slack) {
        try {
          await this.deps.web.chat.update({
            channel: complaint.slack.channel,
            ts: complaint.slack.ts,
            ...card,
          });
          return;
        } catch (error) {
          if (slackErrorCode(error) !== 'message_not_found') throw error;
        }
      }
      const posted = await this.deps.web.chat.postMessage({ channel: this.deps.channel, ...card });
      await this.deps.models.ComplaintCase.updateOne(
        { _id: complaint._id },
        { $set: { slack: { channel: this.deps.channel, ts: posted.ts } } },
      );
    } catch (error) {
      this.report(error, 'a complaint case could not be shown in Slack', { caseId: complaint._id });
    }
  }

  private async card(complaint: ComplaintCase, customer: Customer | null): Promise<SlackMessage> {
    const survey =
      complaint.trigger === 'survey' && complaint.triggerRef
        ? await this.deps.models.Survey.findById(complaint.triggerRef, { rating: 1 }).lean()
        : null;
    return caseCard(
      { complaint, customer, ...(survey?.rating ? { rating: survey.rating } : {}) },
      this.deps.text,
      this.deps.timeZone,
    );
  }

  private report(error: unknown, what: string, ids: Record<string, string>): void {
    this.deps.log.error({ ...ids, slackError: slackErrorCode(error) }, what);
  }
}
