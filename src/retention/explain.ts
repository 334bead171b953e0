import type { LapseMethod, LapseScore } from './lapse-scoring.js';

/** A sentence for staff in both languages. */
export interface Explanation {
  ja: string;
  en: string;
}

/** How likely the customer is to come back, in three plain bands. */
export type Likelihood = 'low' | 'fair' | 'high';

/** A span of days in words: days under two weeks, weeks under half a year, then months, then years. */
export function spanInWords(days: number): Explanation {
  const d = Math.max(0, Math.round(days));
  if (d < 14) return { ja: `${d}日`, en: `${d} day${d === 1 ? '' : 's'}` };
  if (d < 182) {
    const w = Math.round(d / 7);
    return { ja: `${w}週間`, en: `${w} weeks` };
  }
  const months = Math.round(d / 30.44);
  if (months < 24) return { ja: `${months}か月`, en: `${months} months` };
  const years = Math.round(d / 365.25);
  return { ja: `${years}年`, en: `${years} years` };
}

/** The band of the chance of coming back: below the lapse threshold's churn is 'fair' or 'high'. */
export function comeBackLikelihood(
  score: Pick<LapseScore, 'churn' | 'overdueRatio'>,
  cutoffs: {
    churnThreshold: number;
    overdueMultiple: number;
  },
): Likelihood {
  if (score.churn !== undefined) {
    if (score.churn >= cutoffs.churnThreshold) return 'low';
    return score.churn >= 0.5 ? 'fair' : 'high';
  }
  if (score.overdueRatio >= cutoffs.overdueMultiple) return 'low';
  return score.overdueRatio >= 1.5 ? 'fair' : 'high';
}

const likelihoodWords: Record<Likelihood, Explanation> = {
  low: { ja: '再来店の見込みは低め', en: 'Unlikely to come back' },
  fair: { ja: '再来店の見込みはやや低め', en: 'May not come back' },
  high: { ja: '再来店の見込みは高め', en: 'Likely to come back' },
};

/**
 * Why a customer is (or is not) considered lapsed, in plain words, e.g.
 * 「普段は約5週間ごとに来店。最終来店から11週間。再来店の見込みは低め（離反の可能性 82%）」.
 */
export function explainLapse(
  score: Pick<LapseScore, 'intervalDays' | 'daysSince' | 'churn' | 'overdueRatio' | 'visits'>,
  context: { method: LapseMethod; churnThreshold: number; overdueMultiple: number },
): Explanation {
  const rhythm: Explanation =
    score.intervalDays === undefined
      ? { ja: 'ご来店は1回のみ。', en: 'One visit so far.' }
      : (() => {
          const every = spanInWords(score.intervalDays);
          return { ja: `普段は約${every.ja}ごとに来店。`, en: `Usually visits about every ${every.en}.` };
        })();
  const since = spanInWords(score.daysSince);
  const words = likelihoodWords[comeBackLikelihood(score, context)];
  if (context.method === 'bg-nbd' && score.churn !== undefined) {
    const pct = Math.round(score.churn * 100);
    return {
      ja: `${rhythm.ja}最終来店から${since.ja}。${words.ja}（離反の可能性 ${pct}%）`,
      en: `${rhythm.en} ${since.en} since the last visit. ${words.en} (${pct}% likely lapsed).`,
    };
  }
  const ratio = score.overdueRatio.toFixed(1);
  const base =
    score.intervalDays === undefined
      ? { ja: 'お店の普段の間隔', en: "the shop's usual interval" }
      : { ja: '普段の間隔', en: 'their usual interval' };
  return {
    ja: `${rhythm.ja}最終来店から${since.ja}（${base.ja}の${ratio}倍）。${words.ja}`,
    en: `${rhythm.en} ${since.en} since the last visit (${ratio}× ${base.en}). ${words.en}.`,
  };
}
