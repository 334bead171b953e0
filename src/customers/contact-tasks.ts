import type { Clock } from '../clock.js';
import type { ContactTask, Customer, Models } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import { nextBirthday } from '../retention/birthdays.js';
import type { LapseModel } from '../retention/lapse-model.js';
import { daysBetween, shopDayOf, type ShopDay } from '../retention/shop-time.js';
import type { WinBackEpisodes } from '../win-back/win-back-episodes.js';

/** A card posted on the weekly list arrives before the birthday if it is due within this many days. */
export const CARD_AHEAD_DAYS = 14;

/** A task with its customer, as staff see it. */
export interface TaskRow {
  task: ContactTask;
  customer: Customer;
}

/** Customers LINE cannot reach: known only from the import (not linked), or who blocked the shop. */
export function offLine(customer: Pick<Customer, 'status' | 'linkedTo'>): boolean {
  return (customer.status === 'unlinked' && !customer.linkedTo) || customer.status === 'blocked';
}

/**
 * Tasks instead of pushes for customers LINE cannot reach: a call to those who have lapsed (once per
 * absence, when there is a phone number) and a birthday card to those with a postal address (once a
 * year, listed two weeks ahead). Staff mark each 済 (a contact: it moves the customer's last contact,
 * counts in the contact policy's caps and, for a call, marks the lapse episode contacted) or 不要.
 */
export class ContactTasks {
  constructor(
    private readonly deps: {
      models: Pick<Models, 'Customer' | 'ContactTask'>;
      winBack: Pick<WinBackEpisodes, 'current' | 'markContacted'>;
      clock: Clock;
      timezone: string;
    },
  ) {}

  /** Opens this week's new tasks and returns every open one (new and carried over), oldest first. */
  async plan(day: ShopDay, lapse: LapseModel): Promise<TaskRow[]> {
    const { models, clock } = this.deps;
    const now = clock.now();
    // The weekly job only: customers not following the shop are a scan of the collection.
    const candidates = await models.Customer.find({
      status: { $in: ['unlinked', 'blocked'] },
      $or: [{ phone: { $exists: true } }, { address: { $exists: true } }],
    }).lean();
    for (const customer of candidates.filter(offLine)) {
      const verdict = lapse.assess(customer, now);
      if (customer.phone && verdict.lapsed && verdict.lapsedSince) {
        const since = shopDayOf(verdict.lapsedSince, this.deps.timezone);
        await this.open(`call:${customer._id}:${since}`, customer, 'call', day);
      }
      if (customer.birthday && customer.address && customer.postalCode) {
        const due = nextBirthday(customer.birthday, day);
        if (daysBetween(day, due) <= CARD_AHEAD_DAYS) {
          await this.open(`card:${due.slice(0, 4)}:${customer._id}`, customer, 'card', day, due);
        }
      }
    }
    const open = await models.ContactTask.find({ status: 'open' }).sort({ createdAt: 1 }).lean();
    const rows: TaskRow[] = [];
    for (const task of open) {
      const customer = await models.Customer.findById(task.customerId).lean();
      if (customer) rows.push({ task, customer });
    }
    return rows;
  }

  /** Staff marked a task 済 (`done`) or 不要 (`not-needed`); the first mark counts. */
  async complete(taskId: string, status: 'done' | 'not-needed', by: string): Promise<TaskRow | null> {
    const { models, clock } = this.deps;
    const now = clock.now();
    await models.ContactTask.updateOne(
      { _id: taskId, status: 'open' },
      { $set: { status, doneAt: now, doneBy: by } },
    );
    const task = await models.ContactTask.findById(taskId).lean();
    const customer = task ? await models.Customer.findById(task.customerId).lean() : null;
    if (!task || !customer) return null;
    if (task.status === 'done' && task.doneAt?.getTime() === now.getTime()) {
      if (task.kind === 'call') {
        const episode = await this.deps.winBack.current(customer._id);
        if (episode) await this.deps.winBack.markContacted(episode, by);
      }
      if (!customer.lastContactAt || customer.lastContactAt < now) {
        await models.Customer.updateOne({ _id: customer._id }, { $set: { lastContactAt: now } });
      }
    }
    return { task, customer };
  }

  private async open(id: string, customer: Customer, kind: 'call' | 'card', day: ShopDay, due?: string) {
    try {
      await this.deps.models.ContactTask.create({
        _id: id,
        customerId: customer._id,
        kind,
        status: 'open',
        listedOn: day,
        ...(due ? { due } : {}),
        createdAt: this.deps.clock.now(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
