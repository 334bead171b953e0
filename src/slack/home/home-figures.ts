import type { StaffServices } from '../slack-deps.js';
import type { CaseStatus } from '../../db/models/index.js';
import { atShopTime, monthOf, shopDayOf, type ShopDay } from '../../retention/shop-time.js';

/** What the App Home shows, read fresh each time a staff member opens it. */
export interface HomeFigures {
  today: ShopDay;
  followUps: { thanks: number; surveys: number };
  openCases: { customerName: string; status: CaseStatus; openedAt: Date }[];
  openCaseCount: number;
  /** The latest stored lapse scan and the one before it (for the trend); undefined before the first. */
  lapsed: { count: number; at: Date; previous?: { count: number; at: Date } } | undefined;
  quota: { limit: number | null; used: number } | undefined;
}

/** How many open cases the Home lists by name (the rest are counted). */
const HOME_CASES = 8;

/**
 * Reads the App Home's figures: follow-ups due by tonight, open complaint cases, the lapse scans kept
 * (the current one and the one before: a handful of small documents) and this month's LINE quota as
 * the hourly job last read it. Nothing here scans the customers.
 */
export async function readHomeFigures(
  services: Pick<StaffServices, 'shop' | 'clock' | 'models' | 'scheduler'>,
): Promise<HomeFigures> {
  const zone = services.shop.timezone;
  const now = services.clock.now();
  const today = shopDayOf(now, zone);
  const { ComplaintCase, Customer, LapseScan, LineQuota } = services.models;
  const [followUps, cases, scans, quota] = await Promise.all([
    services.scheduler.followUpsDueBy(atShopTime(today, '23:59', zone)),
    ComplaintCase.find({ status: { $ne: 'resolved' } }, { customerId: 1, status: 1, openedAt: 1 }).lean(),
    LapseScan.find({ _id: { $ne: 'current' } }, { at: 1, counts: 1 }).lean(),
    LineQuota.findById(monthOf(today)).lean(),
  ]);
  cases.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  const listed = await Promise.all(
    cases.slice(0, HOME_CASES).map(async (c) => {
      const customer = await Customer.findById(c.customerId, { displayName: 1, callName: 1 }).lean();
      return {
        customerName: customer?.displayName ?? customer?.callName ?? c.customerId,
        status: c.status,
        openedAt: c.openedAt,
      };
    }),
  );
  const done = scans
    .filter((scan) => scan.at && scan.counts)
    .sort((a, b) => b.at!.getTime() - a.at!.getTime());
  const [latest, before] = done;
  return {
    today,
    followUps,
    openCases: listed,
    openCaseCount: cases.length,
    lapsed: latest
      ? {
          count: latest.counts!.lapsed,
          at: latest.at!,
          ...(before ? { previous: { count: before.counts!.lapsed, at: before.at! } } : {}),
        }
      : undefined,
    quota: quota ? { limit: quota.limit, used: quota.used } : undefined,
  };
}
