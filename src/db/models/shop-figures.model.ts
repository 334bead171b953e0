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
  openComplaints?: number;
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
    openComplaints: Number,
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
