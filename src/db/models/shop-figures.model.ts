import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The shop's figures for one month (`_id` 'YYYY-MM'), precomputed by the lapse scan so `/stats` reads
 * a handful of documents by `_id`; `_id: 'summary'` holds the figures that are not per month (open
 * complaints, when it was computed).
 */
export interface ShopFigures {
  _id: string;
  flow?: { firstTime: number; returned: number; new: number; lost: number; current: number };
  activity?: {
    surveys: { count: number; ratingSum: number; distribution: number[] };
    complaints: { opened: number; resolved: number; hoursToResolve: number[] };
    winBack: { checkIns: number; wonBack: number };
    touches: number;
  };
  /** Lapse episodes that began in the month (funnel: lapsed → checked in → replied → won back). */
  funnel?: { lapsed: number; checkedIn: number; replied: number; wonBack: number };
  /** What customers said back in the month (see src/analytics/voice-figures.ts). */
  voice?: {
    surveysSent: number;
    surveysAnswered: number;
    referrals: number;
    wishes: Record<string, number>;
  };
  openComplaints?: number;
  /** The silent majority as of the scan (summary only). */
  silent?: { visited: number; visitedNeverAnswered: number; lapsed: number; lapsedNeverComplained: number };
  firstMonth?: string;
  lastMonth?: string;
  computedAt: Date;
}

const shopFiguresSchema = new Schema<ShopFigures>(
  {
    _id: { type: String, required: true },
    flow: { type: Schema.Types.Mixed },
    activity: { type: Schema.Types.Mixed },
    funnel: { type: Schema.Types.Mixed },
    voice: { type: Schema.Types.Mixed },
    openComplaints: Number,
    silent: { type: Schema.Types.Mixed },
    firstMonth: String,
    lastMonth: String,
    computedAt: { type: Date, required: true },
  },
  { collection: 'shopFigures', versionKey: false },
);

export type ShopFiguresModel = Model<ShopFigures>;

export function shopFiguresModel(connection: Connection): ShopFiguresModel {
  return connection.model<ShopFigures>('ShopFigures', shopFiguresSchema);
}
