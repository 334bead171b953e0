import type { AdjustableClock } from '../../clock.js';
import type { AppContext } from '../../context.js';
import { nextBirthday } from '../../retention/birthdays.js';
import { addDays, atShopTime, shopDayOf } from '../../retention/shop-time.js';

/** Where the console's time travel lands: noon, when the shop is open and the morning jobs have run. */
const LANDING_TIME = '12:00';

/** What a jump did: the new time, and how many scheduled jobs ran. */
export interface TravelReport {
  now: string;
  jobsRun: number;
}

/**
 * Moves the bot's clock forward and runs what fell due (Agenda's jobs through scheduler.runDue, then
 * the inbox and Slack work they caused), so a week of follow-ups can be seen at once.
 */
export class SandboxTime {
  constructor(
    private readonly context: AppContext,
    private readonly clock: AdjustableClock,
  ) {}

  private get zone(): string {
    return this.context.config.shop.timezone;
  }

  /** To `days` shop days later at noon (the clock never goes back). */
  async forwardDays(days: number): Promise<TravelReport> {
    const today = shopDayOf(this.clock.now(), this.zone);
    return this.travelTo(atShopTime(addDays(today, days), LANDING_TIME, this.zone));
  }

  /** To noon on the customer's next birthday; undefined when the shop does not know it. */
  async toBirthdayOf(customerId: string): Promise<TravelReport | undefined> {
    const customer = await this.context.models.Customer.findById(customerId, { birthday: 1 }).lean();
    if (!customer?.birthday) return undefined;
    const today = shopDayOf(this.clock.now(), this.zone);
    let target = atShopTime(nextBirthday(customer.birthday, today), LANDING_TIME, this.zone);
    if (target <= this.clock.now())
      target = atShopTime(nextBirthday(customer.birthday, addDays(today, 1)), LANDING_TIME, this.zone);
    return this.travelTo(target);
  }

  private async travelTo(instant: Date): Promise<TravelReport> {
    this.clock.travelTo(instant);
    const report = await this.context.scheduler.runDue(this.clock.now());
    await this.context.inbox.worker.drain();
    await this.context.slack.idle();
    return { now: this.clock.now().toISOString(), jobsRun: report.ran.length };
  }
}
