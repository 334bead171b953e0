import type { ComplaintCase, Customer, Message } from '../db/models/index.js';
import type { Logger } from '../log.js';

/** Why a customer's message goes to staff. */
export type RelayContext = 'hand-off' | 'complaint' | 'win-back';

/**
 * What staff need to see and act on about customers: messages the bot hands over, and complaint
 * cases as they open and change. The Slack adapter implements it (threads, case cards); until it is
 * configured the desk only logs — without the customer's words.
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
    change: 'words' | 'wish' | 'taken' | 'resolved';
  }): Promise<void>;
}

/** A desk that writes what happened to the log (ids and kinds only). */
export function loggingStaffDesk(log: Logger): StaffDesk {
  return {
    relayCustomerMessage({ customer, message, context }) {
      log.info(
        { customerId: customer._id, messageId: message._id, type: message.type, context },
        'customer message for staff',
      );
      return Promise.resolve();
    },
    caseOpened({ complaint }) {
      log.warn(
        { caseId: complaint._id, customerId: complaint.customerId, trigger: complaint.trigger },
        'complaint case opened',
      );
      return Promise.resolve();
    },
    caseChanged({ complaint, change }) {
      log.info({ caseId: complaint._id, status: complaint.status, change }, 'complaint case changed');
      return Promise.resolve();
    },
  };
}
