import type { ContactTask, Customer, LinkProposal, Visit } from '../db/models/index.js';

/**
 * What Joren tells staff about visits and reach, beside conversations and cases (staff-desk.ts): a
 * check-in (with an undo), two records joined, a phone match to confirm, the weekly contact tasks, a
 * case that has not moved. The Slack adapter implements it; like the desk, it reports its own
 * transport failures instead of throwing, so the customer's turn goes on.
 */
export interface StaffNotices {
  checkedIn(input: { customer: Customer; visit: Visit }): Promise<void>;
  linked(input: {
    friend: Customer;
    history: Customer;
    visitsMoved: number;
    by: 'code' | 'phone';
  }): Promise<void>;
  phoneMatch(input: { friend: Customer; history: Customer; proposal: LinkProposal }): Promise<void>;
  contactTasks(input: { day: string; tasks: { task: ContactTask; customer: Customer }[] }): Promise<void>;
  caseStalled(input: { caseId: string; ownerId: string | undefined; days: number }): Promise<void>;
  /** A customer rated 1–2 a week after their case was resolved: the owner should call them. */
  caseStillUnhappy(input: { caseId: string; ownerId: string | undefined; rating: number }): Promise<void>;
}
