import type { Customer, Message } from '../db/models/index.js';
import type { FollowEvent, MessageEvent, PostbackEvent } from '../line/webhook-events.js';

/** A reply token with the time LINE issued it (the event's timestamp). */
export interface ReplyHandle {
  token: string;
  issuedAt: Date;
}

/**
 * What happens in the conversation when a customer does something on LINE. The inbox has already
 * recorded the customer and logged the message; the handler decides what the shop answers.
 * The flow router (flows/) implements it.
 */
export interface ConversationHandler {
  onFollow(input: {
    customer: Customer;
    returning: boolean;
    event: FollowEvent;
    reply: ReplyHandle;
  }): Promise<void>;
  onMessage(input: {
    customer: Customer;
    event: MessageEvent;
    /** The message as written to the conversation log. */
    logged: Message;
    reply: ReplyHandle | undefined;
  }): Promise<void>;
  onPostback(input: {
    customer: Customer;
    event: PostbackEvent;
    reply: ReplyHandle | undefined;
  }): Promise<void>;
}
