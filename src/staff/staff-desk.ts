import type { ComplaintCase, Customer, Message } from '../db/models/index.js';

/** Why a customer's message goes to staff. */
export type RelayContext = 'hand-off' | 'complaint' | 'win-back';

/**
 * What staff need to see and act on about customers: messages the bot hands over, and complaint
 * cases as they open and change. The Slack adapter implements it (threads, case cards), on the real
 * Slack or the sandbox's.
 */
export interface StaffDesk {
  /**
   * A customer's message for staff. `conversationStartedAt` names the hand-off conversation it belongs
   * to (staff see one thread per conversation). A message staff could not be shown is reported and
   * thrown, so the inbox processes the event again (a message shown already is not relayed twice).
   */
  relayCustomerMessage(input: {
    customer: Customer;
    message: Message;
    context: RelayContext;
    conversationStartedAt?: Date;
  }): Promise<void>;
  caseOpened(input: { complaint: ComplaintCase; customer: Customer }): Promise<void>;
  caseChanged(input: {
    complaint: ComplaintCase;
    customer: Customer;
    change: 'words' | 'wish' | 'taken' | 'resolved' | 'step' | 'follow-up';
  }): Promise<void>;
}
