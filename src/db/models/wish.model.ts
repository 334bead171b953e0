import { Schema, type Connection, type Model } from 'mongoose';

/** What a customer would like from the shop, as the survey's open question groups it. */
export const wishThemes = ['service', 'time', 'product', 'other'] as const;
export type WishTheme = (typeof wishThemes)[number];

/**
 * A customer's answer to "what would you like from us?" (`_id` is the survey's visit id, so a
 * survey has at most one). `text` is their own words when they typed rather than tapped.
 */
export interface Wish {
  _id: string;
  customerId: string;
  theme: WishTheme;
  text?: string;
  at: Date;
}

const wishSchema = new Schema<Wish>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    theme: { type: String, enum: wishThemes, required: true },
    text: { type: String, maxlength: 2_000 },
    at: { type: Date, required: true },
  },
  { collection: 'wishes', versionKey: false },
);

wishSchema.index({ customerId: 1, at: -1 });
wishSchema.index({ at: -1 });

export type WishModel = Model<Wish>;

export function wishModel(connection: Connection): WishModel {
  return connection.model<Wish>('Wish', wishSchema);
}
