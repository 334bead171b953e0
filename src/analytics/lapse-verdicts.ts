import type { Models } from '../db/models/index.js';
import type { LapseAssessment, LapseModel } from '../retention/lapse-model.js';
import { shopCalendar } from '../retention/shop-time.js';
import { readAllScores, readCurrentScan } from './lapse-scan.js';
import { readCustomerScore } from './lapsed-customers.js';
import type { StoredScore } from './score-rows.js';

const NOT_LAPSED: LapseAssessment = { risk: 0, lapsed: false };

/**
 * Who has lapsed, as the daily lapse scan judged it (the fitted BG/NBD model, or its overdue-rule
 * fallback when history is thin): the verdicts /lapsed lists, read back for the contact policy's
 * explanations, the month's budget ranking and the "lapsed" broadcast segment, so none of them can
 * disagree with what staff see. Before the first scan, and for a customer it did not score, nobody
 * is lapsed.
 */
export class LapseVerdicts {
  constructor(
    private readonly deps: { models: Pick<Models, 'LapseScan' | 'LapseScoreChunk'>; timezone: string },
  ) {}

  /** The last scan's verdicts on every customer (one read per score bucket: once per budgeted run). */
  async all(): Promise<LapseModel> {
    const scan = await readCurrentScan(this.deps.models);
    if (!scan) return this.model(new Map(), 1);
    const scores = await readAllScores(this.deps.models, scan._id, scan.buckets ?? 0);
    return this.model(scores, scan.options?.overdueMultiple ?? 1);
  }

  /** The last scan's verdict on one customer (the scan's pointer and one score bucket). */
  async of(customerId: string): Promise<LapseAssessment> {
    const scan = await readCurrentScan(this.deps.models);
    const score = await readCustomerScore(this.deps.models, customerId, scan);
    return score ? this.verdict(score, scan?.options?.overdueMultiple ?? 1) : NOT_LAPSED;
  }

  private model(scores: Map<string, StoredScore>, overdueMultiple: number): LapseModel {
    return {
      name: 'lapse-scan',
      assess: (customer) => {
        const score = scores.get(customer._id);
        return score ? this.verdict(score, overdueMultiple) : NOT_LAPSED;
      },
    };
  }

  /** Risk is the model's P(no visit within the horizon), or under the rule how overdue, capped at 1. */
  private verdict(score: StoredScore, overdueMultiple: number): LapseAssessment {
    const calendar = shopCalendar(this.deps.timezone);
    return {
      risk: score.churn ?? Math.min(1, score.overdueRatio / overdueMultiple),
      lapsed: score.lapsed,
      ...(score.lapsed && score.lapsedSinceDay !== undefined
        ? { lapsedSince: calendar.startOf(score.lapsedSinceDay) }
        : {}),
      ...(score.intervalDays !== undefined ? { expectedIntervalDays: score.intervalDays } : {}),
    };
  }
}
