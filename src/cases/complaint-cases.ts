import type { Clock } from '../clock.js';
import { isDuplicateKeyError } from '../errors.js';
import { addActivity } from '../customers/customer-activity.js';
import type { CaseTrigger, ComplaintCase, Customer, Models } from '../db/models/index.js';
import type { LineMessenger } from '../line/messenger.js';
import type { Logger } from '../log.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import { addressName, type Templates } from '../templates/index.js';
import { clipWords } from '../text/clip-text.js';

export interface ComplaintCasesDeps {
  models: Pick<Models, 'ComplaintCase' | 'Customer' | 'CustomerActivity'>;
  messenger: LineMessenger;
  templates: Templates;
  staffDesk: StaffDesk;
  clock: Clock;
  log: Logger;
}

/**
 * Complaint cases through their life: opened (by the bot's complaint flow or by staff), the
 * customer's words and their answer to the magic question recorded, taken by a staff member,
 * resolved — and then the customer is told. Every step is in the case's history with who did it.
 */
export class ComplaintCases {
  constructor(private readonly deps: ComplaintCasesDeps) {}

  /**
   * Opens a case, once per trigger: a survey or an event that already opened one returns that one
   * (so a retried event never opens two). Staff are told about a new case.
   */
  async open(input: {
    customer: Customer;
    trigger: CaseTrigger;
    triggerRef?: string;
    words?: string;
    by: string;
    /** A complaint heard by phone or at the counter (opened from Slack): how, and who owns it. */
    heard?: 'phone' | 'counter';
    ownerId?: string;
  }): Promise<ComplaintCase> {
    const { ComplaintCase } = this.deps.models;
    const now = this.deps.clock.now();
    const id = input.triggerRef ? `${input.trigger}:${input.triggerRef}` : undefined;
    const fields = {
      ...(id ? { _id: id } : {}),
      customerId: input.customer._id,
      trigger: input.trigger,
      ...(input.triggerRef ? { triggerRef: input.triggerRef } : {}),
      ...(input.words ? { words: clipWords(input.words) } : {}),
      ...(input.heard ? { heard: input.heard, steps: [] } : {}),
      ...(input.ownerId ? { ownerId: input.ownerId } : {}),
      status: 'open' as const,
      openedAt: now,
      history: [{ at: now, by: input.by, action: 'opened' as const }],
    };
    try {
      const created = (await ComplaintCase.create(fields)).toObject();
      await addActivity(this.deps.models, created.customerId, 'cases', [created._id]);
      await this.deps.staffDesk.caseOpened({ complaint: created, customer: input.customer });
      return created;
    } catch (error) {
      if (!id || !isDuplicateKeyError(error)) throw error;
      const existing = await ComplaintCase.findById(id).lean();
      if (!existing) throw error;
      await addActivity(this.deps.models, existing.customerId, 'cases', [existing._id]);
      return existing;
    }
  }

  /** The customer's account of what went wrong (added to what they said before). */
  async recordWords(caseId: string, words: string): Promise<ComplaintCase | null> {
    const current = await this.deps.models.ComplaintCase.findById(caseId).lean();
    if (!current) return null;
    const said = clipWords(words);
    if (current.words?.endsWith(said)) return current;
    const combined = clipWords(current.words ? `${current.words}\n${said}` : said);
    return this.change(caseId, { $set: { words: combined } }, 'words', {
      by: 'customer',
      action: 'note',
      note: 'words',
    });
  }

  /** Their answer to 「どのようにさせていただければご満足いただけますでしょうか」. */
  async recordWish(caseId: string, wish: string): Promise<ComplaintCase | null> {
    return this.change(caseId, { $set: { wish: clipWords(wish) } }, 'wish', {
      by: 'customer',
      action: 'answered',
    });
  }

  /** A staff member takes the case (open → in progress). Taking a resolved case does nothing. */
  async take(caseId: string, by: string, byId?: string): Promise<ComplaintCase | null> {
    const current = await this.deps.models.ComplaintCase.findById(caseId).lean();
    if (!current || current.status === 'resolved') return current;
    return this.change(
      caseId,
      {
        $set: {
          status: 'in-progress',
          takenBy: by,
          takenAt: this.deps.clock.now(),
          ...(byId ? { ownerId: byId } : {}),
        },
      },
      'taken',
      {
        by,
        action: 'taken',
      },
    );
  }

  /**
   * Resolves the case and tells the customer it was taken care of. Resolving twice sends nothing
   * twice: the confirmation has one send key per case.
   */
  async resolve(caseId: string, by: string, resolution?: string): Promise<ComplaintCase | null> {
    const { ComplaintCase, Customer } = this.deps.models;
    let current: ComplaintCase | null = await ComplaintCase.findById(caseId).lean();
    if (!current) return null;
    if (current.status !== 'resolved') {
      current = await this.change(
        caseId,
        {
          $set: {
            status: 'resolved',
            resolvedBy: by,
            resolvedAt: this.deps.clock.now(),
            ...(resolution ? { resolution } : {}),
            ...(current.takenBy ? {} : { takenBy: by, takenAt: this.deps.clock.now() }),
          },
        },
        'resolved',
        { by, action: 'resolved', ...(resolution ? { note: resolution } : {}) },
      );
    }
    if (!current || current.confirmationSentAt) return current;

    const customer = await Customer.findById(current.customerId).lean();
    if (!customer || customer.status !== 'following') return current;
    const outcome = await this.deps.messenger.send({
      to: customer._id,
      key: `case:${caseId}:confirmation`,
      purpose: 'case-confirmation',
      messages: [
        {
          type: 'text',
          text: this.deps.templates.complaintResolved({
            name: addressName(customer, this.deps.templates),
            resolution: current.resolution,
          }),
        },
      ],
    });
    if (outcome.status === 'unreachable') return current;
    const now = this.deps.clock.now();
    return ComplaintCase.findOneAndUpdate(
      { _id: caseId },
      {
        $set: { confirmationSentAt: now },
        $push: { history: { at: now, by: 'joren', action: 'confirmed' } },
      },
      { returnDocument: 'after', lean: true },
    );
  }

  /** Cases of this customer that are not resolved yet. */
  async openCasesOf(customerId: string): Promise<ComplaintCase[]> {
    return this.deps.models.ComplaintCase.find({ customerId, status: { $ne: 'resolved' } })
      .sort({ openedAt: -1 })
      .lean();
  }

  private async change(
    caseId: string,
    update: { $set: Record<string, unknown> },
    change: 'words' | 'wish' | 'taken' | 'resolved',
    entry: { by: string; action: 'note' | 'answered' | 'taken' | 'resolved'; note?: string },
  ): Promise<ComplaintCase | null> {
    const now = this.deps.clock.now();
    const updated = await this.deps.models.ComplaintCase.findOneAndUpdate(
      { _id: caseId },
      { ...update, $push: { history: { at: now, ...entry } } },
      { returnDocument: 'after', lean: true },
    );
    if (!updated) return null;
    const customer = await this.deps.models.Customer.findById(updated.customerId).lean();
    if (customer) await this.deps.staffDesk.caseChanged({ complaint: updated, customer, change });
    return updated;
  }
}
