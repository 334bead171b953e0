import { AdjustableClock } from '../../src/clock.js';
import type { StaffAlert, StaffAlerts } from '../../src/alerts/staff-alerts.js';
import type { Customer } from '../../src/db/models/index.js';
import type { TestApp } from './test-app.js';

/** Staff alerts kept in memory, so a test can read what staff would have been told. */
export class RecordingStaffAlerts implements StaffAlerts {
  readonly alerts: StaffAlert[] = [];

  notify(alert: StaffAlert): Promise<void> {
    this.alerts.push(alert);
    return Promise.resolve();
  }

  topics(): string[] {
    return this.alerts.map((alert) => alert.topic);
  }
}

/** A clock standing still at `iso` until the test moves it (time travel without waiting). */
export function clockAt(iso: string): AdjustableClock {
  const start = new Date(iso);
  if (Number.isNaN(start.getTime())) throw new RangeError(`Not a date: ${iso}`);
  return new AdjustableClock({ now: () => start });
}

/** An instant in Tokyo: `tokyo('2027-07-15', '09:30')`. */
export const tokyo = (day: string, time = '10:00') => new Date(`${day}T${time}:00+09:00`);

let sequence = 0;

/** A LINE friend of the shop: known to the fake LINE API and recorded as a customer. */
export async function friend(t: TestApp, fields: Partial<Customer> = {}): Promise<string> {
  const name = fields.displayName ?? `お客 ${++sequence}`;
  const userId = t.fake.addUser({ displayName: name });
  await t.context.models.Customer.create({
    _id: userId,
    lineUserId: userId,
    status: 'following',
    displayName: name,
    followedAt: new Date(t.clock.now().getTime() - 3 * 86_400_000),
    lastContactAt: new Date(t.clock.now().getTime() - 3 * 86_400_000),
    ...fields,
  });
  return userId;
}

/** Moves the clock to `at` and runs everything due then. */
export async function travel(t: TestApp, at: Date) {
  t.clock.travelTo(at);
  return t.context.scheduler.runDue();
}

/** Users the fake LINE API delivered more than one message to. */
export function duplicates(t: Pick<TestApp, 'fake'>): string[] {
  return [...t.fake.deliveryCounts].filter(([, count]) => count > 1).map(([user]) => user);
}

/**
 * Visit documents for a customer whose counters a test set directly: the daily lapse scan recounts
 * firstVisitAt / lastVisitAt / visitCount from the visits, so counters without visits would be reset.
 */
export async function visitsOn(t: TestApp, customerId: string, dates: Date[]): Promise<void> {
  await t.context.models.Visit.insertMany(
    dates.map((at, i) => ({ _id: `visit:${customerId}:${i}`, customerId, at, source: 'staff' as const })),
  );
}
