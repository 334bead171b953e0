import type { Bilingual, StaffAlert } from '../alerts/staff-alerts.js';
import type { Allowance } from '../retention/contact-policy.js';
import type { AudienceCustomer } from './audience.js';
import type { FanOutReport } from './fan-out.js';
import type { TouchpointKind } from '../db/models/index.js';

/** Staff-facing names of the touchpoints. */
export const touchpointNames: Record<TouchpointKind, Bilingual> = {
  'post-visit-thanks': { ja: '来店翌日のお礼', en: 'post-visit thank-you' },
  'post-visit-survey': { ja: '来店後アンケート', en: 'post-visit survey' },
  birthday: { ja: 'お誕生日メッセージ', en: 'birthday greeting' },
  'win-back': { ja: 'ご無沙汰の方へのご連絡', en: 'win-back check-in' },
  seasonal: { ja: '季節のご挨拶', en: 'seasonal greeting' },
  regular: { ja: '定期のお便り', en: 'regular touch' },
  broadcast: { ja: '一斉配信', en: 'broadcast' },
};

const NAMES_SHOWN = 10;

function names(customers: Pick<AudienceCustomer, '_id' | 'callName' | 'displayName'>[]): Bilingual {
  const shown = customers.slice(0, NAMES_SHOWN).map((c) => c.callName ?? c.displayName ?? c._id);
  const more = customers.length - shown.length;
  return {
    ja: `${shown.join('、')}${more > 0 ? ` ほか${more}名` : ''}`,
    en: `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  };
}

/** The budget could not cover everyone due: who was left out, and what the budget was kept for. */
export function budgetAlert(
  kind: TouchpointKind,
  allowance: Allowance,
  skipped: Pick<AudienceCustomer, '_id' | 'callName' | 'displayName'>[],
): StaffAlert {
  const name = touchpointNames[kind];
  return {
    topic: 'budget-shortfall',
    severity: 'warning',
    title: {
      ja: `今月の配信枠が足りず、${name.ja}を${skipped.length}名にお送りできませんでした`,
      en: `Monthly budget: the ${name.en} could not go to ${skipped.length} customer(s)`,
    },
    lines: [
      {
        ja: `残り${allowance.remaining}通のうち${allowance.reserved}通を優先度の高い連絡に確保しています`,
        en: `${allowance.reserved} of the ${allowance.remaining} messages left are kept for higher-priority touches`,
      },
      names(skipped),
    ],
    context: { kind, skipped: skipped.length, remaining: allowance.remaining, reserved: allowance.reserved },
  };
}

/** LINE's monthly limit stopped sends, or earlier attempts could not be confirmed. */
export function refusalAlerts(kind: TouchpointKind, report: FanOutReport): StaffAlert[] {
  const alerts: StaffAlert[] = [];
  const name = touchpointNames[kind];
  if (report.quotaRefused.length > 0) {
    alerts.push({
      topic: 'quota-exhausted',
      severity: 'error',
      title: {
        ja: `LINEの今月の送信上限に達し、${name.ja}${report.quotaRefused.length}件が送れませんでした`,
        en: `LINE's monthly limit is reached: ${report.quotaRefused.length} ${name.en} message(s) not sent`,
      },
      lines: [{ ja: 'プランの見直しをご検討ください。', en: 'Consider a larger LINE plan.' }],
      context: { kind, refused: report.quotaRefused.length },
    });
  }
  if (report.uncertain.length > 0) {
    alerts.push({
      topic: 'delivery-uncertain',
      severity: 'warning',
      title: {
        ja: `${name.ja}${report.uncertain.length}件は届いたか確認できず、二重送信を避けるため再送していません`,
        en: `${report.uncertain.length} ${name.en} message(s) could not be confirmed and were not resent (to avoid sending twice)`,
      },
      context: { kind, uncertain: report.uncertain.length },
    });
  }
  return alerts;
}
