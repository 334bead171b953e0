import type { ShopStats } from '../../analytics/shop-stats.js';
import type { LineQuota } from '../../db/models/index.js';
import { formatMoment, type StaffText } from '../text/index.js';
import { kit, type SlackMessage } from './kit.js';

const percent = (share: number | undefined) => (share === undefined ? '—' : `${(share * 100).toFixed(1)}%`);

/**
 * The /stats answer: new − lost = net and the current count, won back, surveys, complaints and the
 * month's LINE messages. `quota` is this month's record of the LINE plan (null before it was read).
 */
export function statsCard(
  stats: ShopStats,
  quota: Pick<LineQuota, 'limit' | 'used'> | null,
  view: { t: StaffText; timeZone: string; period: string; chart?: string },
): SlackMessage {
  const { t } = view;
  const { customers, wonBack, surveys, complaints } = stats;
  const net = customers.new - customers.lost;
  const line = !quota
    ? t.statsLineUnknown
    : t.statsLineValue({
        used: quota.used,
        remaining:
          quota.limit === null ? t.statsLineUnlimited : String(Math.max(0, quota.limit - quota.used)),
      });
  const header = t.statsHeader({ period: view.period });
  const fields: [string, string][] = [
    [
      t.statsCustomers,
      t.statsCustomersValue({
        added: customers.new,
        lost: customers.lost,
        net: `${net >= 0 ? '+' : ''}${net}`,
        current: customers.current,
      }),
    ],
    [
      t.statsWonBack,
      t.statsWonBackValue({ count: wonBack.count, checkIns: wonBack.checkIns, rate: percent(wonBack.rate) }),
    ],
    [
      t.statsSurveys,
      t.statsSurveysValue({
        average: surveys.average === undefined ? '—' : surveys.average.toFixed(1),
        count: surveys.count,
      }),
    ],
    [
      t.statsComplaints,
      t.statsComplaintsValue({
        open: complaints.open,
        median:
          complaints.medianHoursToResolve === undefined
            ? '—'
            : t.statsHours({ hours: complaints.medianHoursToResolve.toFixed(1) }),
      }),
    ],
    [t.statsLine, line],
  ];
  const notes = [
    t.statsComputedAt({ at: formatMoment(stats.computedAt, view.timeZone) }),
    ...(stats.annualLossRate !== undefined ? [t.statsLossRate({ rate: percent(stats.annualLossRate) })] : []),
  ];
  const blocks = [kit.header(header), kit.fields(fields), kit.context(...notes)];
  if (view.chart) blocks.push(kit.context(view.chart));
  const text = [header, ...fields.map(([label, value]) => `${label}: ${value.replace(/\n/g, ' / ')}`)].join(
    '\n',
  );
  return { text, blocks };
}
