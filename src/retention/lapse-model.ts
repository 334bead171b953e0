/** Who a lapse verdict is about (the customer's id: verdicts come from the daily scan's scores). */
export interface LapseInput {
  _id: string;
  firstVisitAt?: Date;
  lastVisitAt?: Date;
  visitCount: number;
}

/** A verdict on one customer now. */
export interface LapseAssessment {
  /** 0 (just visited) to 1 (lapsed): how likely the customer has stopped coming. */
  risk: number;
  lapsed: boolean;
  /** When the lapse began (the start of the episode), for lapsed customers. */
  lapsedSince?: Date;
  /** The interval the model expects between this customer's visits. */
  expectedIntervalDays?: number;
}

/** Who has lapsed: everything that reads lapse risk takes one (see src/analytics/lapse-verdicts.ts). */
export interface LapseModel {
  readonly name: string;
  assess(customer: LapseInput, now: Date): LapseAssessment;
}
