import { Schema, type Connection, type Model } from 'mongoose';

/** How an edition's picture is sent: a LINE image message after the text, or one Flex bubble. */
export const imageStyles = ['image', 'flex'] as const;
export type ImageStyle = (typeof imageStyles)[number];

/**
 * The shop's newsletter for one month (`_id` 'YYYY-MM'): what the regular touch sends during that
 * month, once to each customer (the send-ledger period names the edition).
 */
export interface NewsletterEdition {
  _id: string;
  text: string;
  imageUrl?: string;
  imageStyle: ImageStyle;
  by: string;
  byName?: string;
  createdAt: Date;
  updatedAt: Date;
}

const newsletterEditionSchema = new Schema<NewsletterEdition>(
  {
    _id: { type: String, required: true, match: /^\d{4}-(0[1-9]|1[0-2])$/ },
    text: { type: String, required: true, maxlength: 5_000 },
    imageUrl: { type: String, maxlength: 2_000 },
    imageStyle: { type: String, enum: imageStyles, default: 'image' },
    by: { type: String, required: true },
    byName: String,
  },
  { collection: 'newsletterEditions', timestamps: true, versionKey: false },
);

export type NewsletterEditionModel = Model<NewsletterEdition>;

export function newsletterEditionModel(connection: Connection): NewsletterEditionModel {
  return connection.model<NewsletterEdition>('NewsletterEdition', newsletterEditionSchema);
}
