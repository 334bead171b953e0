import { Schema, type Connection, type Model } from 'mongoose';

/** One shop version of a customer-facing text: what staff wrote, who, when, and its revision. */
export interface ShopTemplateVersion {
  text: string;
  revision: number;
  by: string;
  byName?: string;
  at: Date;
}

/** A greeting window as staff set it (`MM-DD`, both days included); `off` switches it off. */
export interface StoredSeasonWindow {
  id: string;
  from: string;
  to: string;
  off?: boolean;
}

/**
 * The shop's own versions of every customer-facing text, in one document (`_id: 'current'`) so the
 * hot paths read it by `_id` (and cache it briefly). A text without a version here is the built-in
 * default. `seasons` is the greeting calendar staff set in Slack (unset: the environment's).
 */
export interface ShopTemplates {
  _id: string;
  versions: Record<string, ShopTemplateVersion>;
  seasons?: StoredSeasonWindow[];
  updatedAt?: Date;
}

/** What changed and who changed it: one insert-only record per save, reset or calendar change. */
export interface ShopTemplateChange {
  _id: string;
  /** The text's id (`welcome`, `seasonal.kanchu`), `seasons`, or `newsletter:YYYY-MM`. */
  templateId: string;
  action: 'saved' | 'reset';
  text?: string;
  by: string;
  byName?: string;
  at: Date;
}

const shopTemplatesSchema = new Schema<ShopTemplates>(
  {
    _id: { type: String, required: true },
    versions: { type: Schema.Types.Mixed, default: {} },
    seasons: { type: Schema.Types.Mixed },
    updatedAt: Date,
  },
  { collection: 'shopTemplates', versionKey: false, minimize: false },
);

const shopTemplateChangeSchema = new Schema<ShopTemplateChange>(
  {
    _id: { type: String, required: true },
    templateId: { type: String, required: true },
    action: { type: String, enum: ['saved', 'reset'], required: true },
    text: { type: String, maxlength: 10_000 },
    by: { type: String, required: true },
    byName: String,
    at: { type: Date, required: true },
  },
  { collection: 'shopTemplateChanges', versionKey: false },
);

shopTemplateChangeSchema.index({ templateId: 1, at: -1 });

export type ShopTemplatesModel = Model<ShopTemplates>;
export type ShopTemplateChangeModel = Model<ShopTemplateChange>;

export function shopTemplatesModel(connection: Connection): ShopTemplatesModel {
  return connection.model<ShopTemplates>('ShopTemplates', shopTemplatesSchema);
}

export function shopTemplateChangeModel(connection: Connection): ShopTemplateChangeModel {
  return connection.model<ShopTemplateChange>('ShopTemplateChange', shopTemplateChangeSchema);
}
