import type { Bilingual, StaffAlert } from '../../src/alerts/staff-alerts.js';
import type { LapseMethod } from '../../src/retention/lapse-scoring.js';
import type { AudienceCustomer } from '../../src/outreach/audience.js';

export interface LapseFigures {
  /** How the scan judged lapses: the fitted BG/NBD model, or the overdue rule with thin history. */
  method: LapseMethod;
  fallbackReason: string | undefined;
  scanned: number;
  lapsed: number;
  newlyLapsed: number;
  checkInsSent: number;
  skipped: Record<string, number>;
}

/** The daily digest for staff: who newly lapsed, how many are lapsed, how they were judged, what was sent. */
export function lapseDigest(
  day: string,
  figures: LapseFigures,
  shownLapsed: Pick<AudienceCustomer, '_id' | 'callName' | 'displayName'>[],
  newlyLapsed: number,
  missingComposer: Bilingual | undefined,
): StaffAlert {
  const shown = shownLapsed.slice(0, 10).map((c) => c.callName ?? c.displayName ?? c._id);
  const lines: Bilingual[] = [
    {
      ja: `離反中 ${figures.lapsed}名(${figures.scanned}名中)`,
      en: `${figures.lapsed} lapsed (of ${figures.scanned})`,
    },
    figures.method === 'bg-nbd'
      ? {
          ja: '判定: 来店履歴に当てはめたBG/NBDモデル',
          en: 'Judged by the BG/NBD model fitted to the visits',
        }
      : {
          ja: '判定: 来店履歴が少ないため、お客様ごとの来店間隔のルール',
          en: `Judged by the overdue rule (${figures.fallbackReason ?? 'too little history for the model'})`,
        },
  ];
  if (shown.length > 0) {
    const more = newlyLapsed - shown.length;
    lines.push({
      ja: `新たに離反: ${shown.join('、')}${more > 0 ? ` ほか${more}名` : ''}`,
      en: `Newly lapsed: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    });
  }
  const skipped = Object.entries(figures.skipped)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  if (skipped) lines.push({ ja: `見送り: ${skipped}`, en: `Held back: ${skipped}` });
  if (missingComposer) {
    lines.push({
      ja: `${missingComposer.ja}の文面が未登録のため、チェックインは送っていません`,
      en: `No composer for the ${missingComposer.en} yet: no check-ins were sent`,
    });
  }
  return {
    topic: 'lapse-digest',
    severity: 'info',
    title: {
      ja: `${day} 離反スキャン: 新たに離反 ${figures.newlyLapsed}名、チェックイン送信 ${figures.checkInsSent}名`,
      en: `${day} lapse scan: ${figures.newlyLapsed} newly lapsed, ${figures.checkInsSent} check-in(s) sent`,
    },
    lines,
    context: {
      day,
      method: figures.method,
      lapsed: figures.lapsed,
      newlyLapsed: figures.newlyLapsed,
      sent: figures.checkInsSent,
    },
  };
}
