import type { ZodType } from 'zod';
import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { InboxEvent } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { ConversationHandler, ReplyHandle } from '../conversation/conversation-handler.js';
import type { ConversationLog } from '../conversation/conversation-log.js';
import type { CustomerRecords } from '../customers/customer-records.js';
import { followEvent, messageEvent, postbackEvent, unfollowEvent } from '../line/webhook-events.js';

export interface EventProcessorDeps {
  customers: CustomerRecords;
  conversationLog: ConversationLog;
  conversation: ConversationHandler;
  clock: Clock;
  log: Logger;
  /** Called once a customer blocked the shop (the scheduler cancels their pending follow-ups). */
  onUnfollow?: (customerId: string) => Promise<void>;
}

/** What processing decided: acted on it, or deliberately left it alone. */
export type ProcessResult = 'handled' | 'ignored';

/**
 * Turns one stored webhook event into records and conversation: follow, unfollow, message and
 * postback from one-to-one chats. Group and room events, and event types Joren does not use, are
 * logged and left alone: the shop talks with each customer one to one, and a bot speaking up in a
 * group chat would be intrusive.
 */
export function createEventProcessor(
  deps: EventProcessorDeps,
): (event: InboxEvent) => Promise<ProcessResult> {
  const { customers, conversationLog, conversation, log } = deps;

  return async function processEvent(event) {
    if (event.sourceType !== 'user' || !event.userId) {
      log.info(
        { eventId: event._id, type: event.type, sourceType: event.sourceType },
        'event outside one-to-one chat ignored',
      );
      return 'ignored';
    }
    const userId = event.userId;
    const reply = (token: unknown): ReplyHandle | undefined =>
      typeof token === 'string' ? { token, issuedAt: event.eventAt } : undefined;

    switch (event.type) {
      case 'follow': {
        const follow = parse(followEvent, event);
        const { customer, returning } = await customers.recordFollow(userId, event.eventAt);
        await conversation.onFollow({
          customer,
          returning,
          event: follow,
          reply: { token: follow.replyToken, issuedAt: event.eventAt },
        });
        return 'handled';
      }
      case 'unfollow': {
        parse(unfollowEvent, event);
        await customers.recordUnfollow(userId, event.eventAt);
        await deps.onUnfollow?.(userId);
        return 'handled';
      }
      case 'message': {
        const message = parse(messageEvent, event);
        const customer = await customers.ensureKnown(userId);
        const logged = await conversationLog.recordIncoming({
          customerId: customer._id,
          webhookEventId: event._id,
          at: event.eventAt,
          message: message.message,
        });
        await conversation.onMessage({ customer, event: message, logged, reply: reply(message.replyToken) });
        return 'handled';
      }
      case 'postback': {
        const postback = parse(postbackEvent, event);
        const customer = await customers.ensureKnown(userId);
        await conversationLog.recordPostback({
          customerId: customer._id,
          webhookEventId: event._id,
          at: event.eventAt,
          summary: postback.postback.params ? '[日時を選択]' : '[ボタンを選択]',
        });
        await conversation.onPostback({ customer, event: postback, reply: reply(postback.replyToken) });
        return 'handled';
      }
      default:
        log.info({ eventId: event._id, type: event.type }, 'event type not used by Joren; ignored');
        return 'ignored';
    }
  };
}

function parse<T>(schema: ZodType<T>, event: InboxEvent): T {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JorenError(
      ErrorCode.BodyMalformed,
      `LINE ${event.type} event is missing ${issue?.path.join('.') ?? 'fields'}`,
      {
        eventId: event._id,
      },
    );
  }
  return parsed.data;
}
