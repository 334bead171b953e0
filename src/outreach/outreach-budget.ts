import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import type { LineApi } from '../line/line-api.js';
import type { Logger } from '../log.js';
import { birthdayInYear } from '../retention/birthdays.js';
import {
  forecastDemand,
  serviceReserveOf,
  type BudgetState,
  type DemandForecast,
} from '../retention/contact-policy.js';
import { seasonPeriod, seasonsBetween, type SeasonCalendar } from '../retention/seasons.js';
import { lastDayOfMonth, monthOf, shopDayOf } from '../retention/shop-time.js';
import { factsOf, historyOf, sentLast30Days, type Audience } from './audience.js';

/** The month's budget and where the figures came from. */
export interface CurrentBudget extends BudgetState {
  source: 'line' | 'snapshot' | 'unknown';
  readAt?: Date;
}

/**
 * The LINE plan's monthly quota and what is used of it: read from LINE (GET /v2/bot/message/quota
 * and /quota/consumption) and kept per month, so staff can see it and a run can fall back on it when
 * LINE does not answer.
 */
export class LineBudget {
  constructor(
    private readonly deps: {
      api: Pick<LineApi, 'getMessageQuota' | 'getMessageQuotaConsumption'>;
      models: Pick<Models, 'LineQuota'>;
      clock: Clock;
      log: Logger;
      zone: string;
      /** LINE_SERVICE_RESERVE_PERCENT: the plan's share kept for service messages. */
      serviceReservePercent?: number;
    },
  ) {}

  private reserve(limit: number | null): number {
    return serviceReserveOf(limit, this.deps.serviceReservePercent ?? 0);
  }

  /** Reads the quota from LINE and stores this month's snapshot. */
  async refresh(): Promise<CurrentBudget> {
    const [quota, consumption] = await Promise.all([
      this.deps.api.getMessageQuota(),
      this.deps.api.getMessageQuotaConsumption(),
    ]);
    const readAt = this.deps.clock.now();
    const limit = quota.type === 'limited' ? (quota.value ?? 0) : null;
    const used = consumption.totalUsage;
    const month = monthOf(shopDayOf(readAt, this.deps.zone));
    await this.deps.models.LineQuota.replaceOne({ _id: month }, { limit, used, readAt }, { upsert: true });
    return { limit, used, readAt, source: 'line', serviceReserve: this.reserve(limit) };
  }

  /** The budget now: fresh from LINE, else this month's last snapshot, else unknown (LINE still enforces). */
  async current(): Promise<CurrentBudget> {
    try {
      return await this.refresh();
    } catch (error) {
      this.deps.log.warn({ err: error }, 'LINE quota could not be read; using the last known figures');
    }
    const month = monthOf(shopDayOf(this.deps.clock.now(), this.deps.zone));
    const snapshot = await this.deps.models.LineQuota.findById(month).lean();
    if (snapshot)
      return {
        limit: snapshot.limit,
        used: snapshot.used,
        readAt: snapshot.readAt,
        source: 'snapshot',
        serviceReserve: this.reserve(snapshot.limit),
      };
    return { limit: null, used: 0, source: 'unknown' };
  }
}

/** What the scheduler knows is coming this month. */
export interface PendingWork {
  followUps: number;
  broadcasts: number;
}

/**
 * Expected demand for the rest of the month, from the audience: birthdays and seasonal greetings
 * still to come (consenting customers not yet greeted), scheduled follow-ups and broadcasts, and the
 * recent rate of the kinds that cannot be known ahead.
 */
export function forecastFor(
  audience: Audience,
  seasons: SeasonCalendar,
  pending: PendingWork,
  zone: string,
): DemandForecast {
  const monthEnd = lastDayOfMonth(audience.today);
  const year = Number(audience.today.slice(0, 4));
  const periods = seasonsBetween(audience.today, monthEnd, seasons).map((season) =>
    seasonPeriod(season, audience.today),
  );
  const groups = [...new Set(periods)];
  let birthdaysAhead = 0;
  let seasonalAhead = 0;
  let consenting = 0;
  for (const customer of audience.customers) {
    const facts = factsOf(audience, customer);
    if (facts.marketingOptOut || facts.hasOpenComplaint) continue;
    consenting++;
    const keys = new Set(historyOf(audience, customer._id).map((past) => past.key));
    if (customer.birthday) {
      const day = birthdayInYear(customer.birthday, year);
      if (day >= audience.today && day <= monthEnd && !keys.has(`birthday:${year}:${customer._id}`))
        birthdaysAhead++;
    }
    for (const group of groups) if (!keys.has(`seasonal:${group}:${customer._id}`)) seasonalAhead++;
  }
  return forecastDemand({
    today: audience.today,
    monthEnd,
    scheduledFollowUps: pending.followUps,
    sentLast30Days: sentLast30Days(audience, zone),
    birthdaysAhead,
    seasonalAhead,
    broadcastsAhead: pending.broadcasts * consenting,
  });
}
