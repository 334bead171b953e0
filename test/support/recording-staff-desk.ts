import type { ComplaintCase, Message } from '../../src/db/models/index.js';
import type { RelayContext, StaffDesk } from '../../src/staff/staff-desk.js';

/** A staff desk that remembers what staff were shown, for tests to assert on. */
export class RecordingStaffDesk implements StaffDesk {
  readonly relayed: { customerId: string; message: Message; context: RelayContext }[] = [];
  readonly opened: ComplaintCase[] = [];
  readonly changes: { caseId: string; change: string }[] = [];

  relayCustomerMessage(input: {
    customer: { _id: string };
    message: Message;
    context: RelayContext;
  }): Promise<void> {
    this.relayed.push({ customerId: input.customer._id, message: input.message, context: input.context });
    return Promise.resolve();
  }

  caseOpened(input: { complaint: ComplaintCase }): Promise<void> {
    this.opened.push(input.complaint);
    return Promise.resolve();
  }

  caseChanged(input: { complaint: ComplaintCase; change: string }): Promise<void> {
    this.changes.push({ caseId: input.complaint._id, change: input.change });
    return Promise.resolve();
  }
}
