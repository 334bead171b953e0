import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A random secret the shop's database generates for itself once (`_id` names its use, e.g.
 * `check-in`): never a configuration value that could be missing or shared between shops. The first
 * process to insert it wins; every other reads that one.
 */
export interface ShopSecret {
  _id: string;
  /** 32 random bytes, hex. */
  secret: string;
  createdAt: Date;
}

const shopSecretSchema = new Schema<ShopSecret>(
  {
    _id: { type: String, required: true },
    secret: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'shopSecrets', versionKey: false },
);

export type ShopSecretModel = Model<ShopSecret>;

export function shopSecretModel(connection: Connection): ShopSecretModel {
  return connection.model<ShopSecret>('ShopSecret', shopSecretSchema);
}
