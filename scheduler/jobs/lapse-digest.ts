import type { Bilingual, StaffAlert } from '../../src/alerts/staff-alerts.js';
import type { AudienceCustomer } from '../../src/outreach/audience.js';

export interface LapseFigures {
  scanned: number;
  atRisk: number;
  lapsed: number;
  newlyLapsed: number;
  checkInsSent: number;
  skipped: Record<string, number>;
}

/** The daily digest for staff: who newly lapsed, how many are at risk, what was sent. */
export function lapseDigest(
  day: string,
  figures: LapseFigures,
  newlyLapsed: Pick<AudienceCustomer, '_id' | 'callName' | 'displayName'>[],
  missingComposer: Bilingual | undefined,
): StaffAlert {
  const shown = newlyLapsed.slice(0, 10).map((c) => c.callName ?? c.displayName ?? c._id);
  const lines: Bilingual[] = [
    {
      ja: `離反リスクが高い方 ${figures.atRisk}名、離反中 ${figures.lapsed}名(${figures.scanned}名中)`,
      en: `${figures.atRisk} at risk, ${figures.lapsed} lapsed (of ${figures.scanned})`,
    },
  ];
  if (shown.length > 0) {
    const more = newlyLapsed.length - shown.length;
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
      atRisk: figures.atRisk,
      lapsed: figures.lapsed,
      newlyLapsed: figures.newlyLapsed,
      sent: figures.checkInsSent,
    },
  };
}
