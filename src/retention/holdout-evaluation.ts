import { scoreCustomers, type LapseOptions, type VisitHistory } from './lapse-scoring.js';
import { confusion, rocAuc } from './roc-auc.js';

/** One yes/no cut-off tried against the holdout, with Youden's J (recall + specificity − 1). */
export interface CutoffResult {
  cutoff: number;
  lapsedShare: number;
  precision: number;
  recall: number;
  specificity: number;
  youden: number;
}

/** How well lapse rankings told, at the end of calibration, who would not come back in the holdout. */
export interface HoldoutEvaluation {
  customers: number;
  /** Share of customers with no visit in the holdout. */
  didNotReturn: number;
  method: string;
  /**
   * ROC-AUC for "did not come back": the model's ranking (fewest expected visits first), the model's
   * P(no visit within the horizon) as a ranking, days since the last visit, the overdue ratio.
   */
  auc: { model: number; churn: number; daysSince: number; overdueRatio: number };
  /** The lapse rule as configured, against what happened. */
  rule: ReturnType<typeof confusion> & { lapsedShare: number };
  /** Cut-offs tried for the model's P(no visit) and for the fallback's overdue multiple. */
  churnThresholds: CutoffResult[];
  overdueMultiples: CutoffResult[];
}

const churnGrid = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const overdueGrid = [1.5, 2, 2.5, 3, 4, 5, 6, 8];

/**
 * Scores customers as of `calibrationEndDay` and checks the ranking against the holdout
 * (calibrationEndDay, holdoutEndDay]: ROC-AUC of the model's ranking, of the naive days since the
 * last visit, and of the overdue ratio (the fallback rule's ranking), and the rule's confusion counts.
 */
export function evaluateOnHoldout(
  histories: readonly VisitHistory[],
  calibrationEndDay: number,
  holdoutEndDay: number,
  options: Partial<LapseOptions> = {},
): HoldoutEvaluation {
  const scan = scoreCustomers(histories, calibrationEndDay, options);
  const returned = new Set<string>();
  for (const h of histories) {
    for (let i = 0; i < h.days.length; i++) {
      const d = h.days[i]!;
      if (d > calibrationEndDay && d <= holdoutEndDay) {
        returned.add(h.id);
        break;
      }
    }
  }
  const { scores } = scan;
  const gone = scores.map((s) => !returned.has(s.id));
  const lapsed = scores.map((s) => s.lapsed);
  const cutoffs = (grid: number[], value: (i: number) => number | undefined) =>
    grid.map((cutoff): CutoffResult => {
      const called = scores.map((_, i) => (value(i) ?? Number.NEGATIVE_INFINITY) >= cutoff);
      const c = confusion(called, gone);
      return {
        cutoff,
        lapsedShare: called.filter(Boolean).length / Math.max(1, called.length),
        precision: c.precision,
        recall: c.recall,
        specificity: c.specificity,
        youden: c.recall + c.specificity - 1,
      };
    });
  return {
    customers: scores.length,
    didNotReturn: gone.filter(Boolean).length / Math.max(1, gone.length),
    method: scan.method,
    auc: {
      model: rocAuc(
        scores.map((s) => s.score),
        gone,
      ),
      churn:
        scan.method === 'bg-nbd'
          ? rocAuc(
              scores.map((s) => s.churn!),
              gone,
            )
          : Number.NaN,
      daysSince: rocAuc(
        scores.map((s) => s.daysSince),
        gone,
      ),
      overdueRatio: rocAuc(
        scores.map((s) => s.overdueRatio),
        gone,
      ),
    },
    rule: {
      ...confusion(lapsed, gone),
      lapsedShare: lapsed.filter(Boolean).length / Math.max(1, lapsed.length),
    },
    churnThresholds: scan.method === 'bg-nbd' ? cutoffs(churnGrid, (i) => scores[i]!.churn) : [],
    overdueMultiples: cutoffs(overdueGrid, (i) => scores[i]!.overdueRatio),
  };
}
