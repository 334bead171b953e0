import type { Clock } from '../clock.js';
import type { CaseStep, ComplaintCase, Customer, Models } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';
import type { LineMessenger } from '../line/messenger.js';
import type { Logger } from '../log.js';
import { DAY_MS, addDays, atShopTime, shopDayOf } from '../retention/shop-time.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import type { StaffNotices } from '../staff/staff-notices.js';
import type { ComplaintCases } from './complaint-cases.js';

/** A week after the resolution the customer is asked how things are now. */
export const FOLLOW_UP_AFTER_DAYS = 7;
/** An open case that has not moved for this long reminds its owner (and again after as long). */
export const STALL_DAYS = 2;

export interface CaseCareDeps {
  models: Pick<Models, 'ComplaintCase' | 'Customer'>;
  cases: Pick<ComplaintCases, 'open'>;
  messenger: Pick<LineMessenger, 'send'>;
  staffDesk: Pick<StaffDesk, 'caseChanged'>;
  notices: Pick<StaffNotices, 'caseStalled' | 'caseStillUnhappy'>;
  /** The follow-up question with its rating buttons (composed by the flow that takes the answer). */
  followUpMessages(customer: Customer, caseId: string): LineMessage[];
  clock: Clock;
  timezone: string;
  log: Logger;
}

/**
 * The care around a complaint beyond the bot's five steps: a case opened by staff for a complaint
 * heard by phone or at the counter (its card is a checklist of the five steps), the question a week
 * after the resolution (how are things now? a rating, kept on the case), and a reminder to the owner
 * of a case that has not moved for two days.
 */
export class CaseCare {
  constructor(private readonly deps: CaseCareDeps) {}

  /** Opens a case for a complaint staff heard in person; nothing is sent to the customer. */
  openInPerson(input: {
    customer: Customer;
    heard: 'phone' | 'counter';
    words?: string;
    by: string;
    byId: string;
  }): Promise<ComplaintCase> {
    return this.deps.cases.open({
      customer: input.customer,
      trigger: 'in-person',
      heard: input.heard,
      ...(input.words ? { words: input.words } : {}),
      by: input.by,
      ownerId: input.byId,
    });
  }

  /** Ticks a step of the checklist off (or on again); the card shows it. */
  async toggleStep(caseId: string, step: CaseStep, by: string): Promise<ComplaintCase | null> {
    const { ComplaintCase } = this.deps.models;
    const current = await ComplaintCase.findById(caseId).lean();
    if (!current || current.trigger !== 'in-person') return current;
    const done = current.steps?.includes(step) ?? false;
    const now = this.deps.clock.now();
    const updated = await ComplaintCase.findOneAndUpdate(
      { _id: caseId },
      {
        ...(done ? { $pull: { steps: step } } : { $addToSet: { steps: step } }),
        $push: { history: { at: now, by, action: 'step', note: `${done ? '-' : '+'}${step}` } },
      },
      { returnDocument: 'after', lean: true },
    );
    if (updated) await this.changed(updated, 'step');
    return updated;
  }

  /** Asks each customer whose case was resolved a week ago (or more) how things are now (once per case). */
  async sendFollowUps(now: Date): Promise<number> {
    const { ComplaintCase, Customer } = this.deps.models;
    // Resolved on a shop day a week ago or before: asked that morning, whatever the hour it was resolved.
    const today = shopDayOf(now, this.deps.timezone);
    const due = atShopTime(addDays(today, 1 - FOLLOW_UP_AFTER_DAYS), '00:00', this.deps.timezone);
    // A scan of the cases: a small collection, once a day.
    const cases = await ComplaintCase.find({
      status: 'resolved',
      resolvedAt: { $lt: due },
      followUp: { $exists: false },
    }).lean();
    let asked = 0;
    for (const complaint of cases) {
      const customer = await Customer.findById(complaint.customerId).lean();
      if (!customer || customer.status !== 'following') continue;
      const outcome = await this.deps.messenger.send({
        to: customer._id,
        key: `case:${complaint._id}:follow-up`,
        purpose: 'case-follow-up',
        messages: this.deps.followUpMessages(customer, complaint._id),
      });
      if (outcome.status === 'unreachable') continue;
      const updated = await ComplaintCase.findOneAndUpdate(
        { _id: complaint._id },
        { $set: { followUp: { askedAt: now } } },
        { returnDocument: 'after', lean: true },
      );
      if (updated) await this.changed(updated, 'follow-up');
      asked++;
    }
    return asked;
  }

  /** The customer's rating after the follow-up question: kept on the case, shown on its card. */
  async recordFollowUp(
    caseId: string,
    customerId: string,
    rating: number,
  ): Promise<'recorded' | 'answered' | 'stale'> {
    const { ComplaintCase } = this.deps.models;
    const current = await ComplaintCase.findById(caseId).lean();
    if (!current || current.customerId !== customerId || !current.followUp) return 'stale';
    if (current.followUp.rating !== undefined) return 'answered';
    const now = this.deps.clock.now();
    const updated = await ComplaintCase.findOneAndUpdate(
      { _id: caseId },
      {
        $set: { 'followUp.rating': rating, 'followUp.answeredAt': now },
        $push: { history: { at: now, by: 'customer', action: 'follow-up', note: String(rating) } },
      },
      { returnDocument: 'after', lean: true },
    );
    if (updated) await this.changed(updated, 'follow-up');
    if (rating <= 2) await this.deps.notices.caseStillUnhappy({ caseId, ownerId: current.ownerId, rating });
    return 'recorded';
  }

  /** Reminds the owners of open cases that have not moved for STALL_DAYS (once per stall). */
  async remindStalled(now: Date): Promise<number> {
    const stalledSince = new Date(now.getTime() - STALL_DAYS * DAY_MS);
    const cases = await this.deps.models.ComplaintCase.find({ status: { $ne: 'resolved' } }).lean();
    let reminded = 0;
    for (const complaint of cases) {
      const moved = Math.max(
        ...complaint.history.map((event) => event.at.getTime()),
        complaint.openedAt.getTime(),
      );
      const lastNudge = complaint.remindedAt?.getTime() ?? 0;
      if (moved > stalledSince.getTime() || lastNudge > stalledSince.getTime()) continue;
      await this.deps.models.ComplaintCase.updateOne({ _id: complaint._id }, { $set: { remindedAt: now } });
      const days = Math.floor((now.getTime() - moved) / DAY_MS);
      await this.deps.notices.caseStalled({ caseId: complaint._id, ownerId: complaint.ownerId, days });
      reminded++;
    }
    return reminded;
  }

  private async changed(complaint: ComplaintCase, change: 'step' | 'follow-up'): Promise<void> {
    const customer = await this.deps.models.Customer.findById(complaint.customerId).lean();
    if (customer) await this.deps.staffDesk.caseChanged({ complaint, customer, change });
  }
}
