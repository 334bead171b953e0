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
   * to (staff see one thread per conversation). A desk reports its own transport failures (log, alert)
   * rather than throwing, so the customer's turn goes on.
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
