import { isDuplicateKeyError } from '../errors.js';
import { addActivity } from '../customers/customer-activity.js';
import type { Message, Models } from '../db/models/index.js';
import { MESSAGE_TEXT_MAX } from '../db/models/message.model.js';
import { clipText } from '../text/clip-text.js';
import { summarizeIncoming } from '../line/message-summary.js';
import type { LineMessageContent } from '../line/webhook-events.js';

/** Writes what customers send into the conversation log, once per webhook event. */
export class ConversationLog {
  constructor(private readonly models: Pick<Models, 'Message' | 'CustomerActivity'>) {}

  async recordIncoming(input: {
    customerId: string;
    webhookEventId: string;
    at: Date;
    message: LineMessageContent;
  }): Promise<Message> {
    const { message } = input;
    return this.insertOnce({
      ...received(input),
      type: message.type,
      ...(message.type === 'text' && message.text !== undefined
        ? { text: clipText(message.text, MESSAGE_TEXT_MAX) }
        : {}),
      summary: summarizeIncoming(message),
      lineMessageId: message.id,
    });
  }

  /** A tap on a button or a date picked: logged as what it was, not as the raw postback data. */
  async recordPostback(input: { customerId: string; webhookEventId: string; at: Date; summary: string }) {
    return this.insertOnce({ ...received(input), type: 'postback', summary: input.summary });
  }

  private async insertOnce(entry: Message): Promise<Message> {
    try {
      await this.models.Message.create(entry);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Kept ready for the customer card (a retry adds nothing twice).
    await addActivity(this.models, entry.customerId, 'messages', [entry._id]);
    return entry;
  }
}

/** What every entry received through the webhook carries: keyed by LINE's event id, so logged once. */
function received(input: { customerId: string; webhookEventId: string; at: Date }) {
  return {
    _id: `in:${input.webhookEventId}`,
    customerId: input.customerId,
    direction: 'in' as const,
    channel: 'line' as const,
    via: 'webhook' as const,
    webhookEventId: input.webhookEventId,
    status: 'received' as const,
    at: input.at,
  };
}
