import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Who has a phone number, kept ready for the read: `_id` is the number in digits only
 * (`09012345678`), so matching a number typed in chat is one read by `_id` however many customers
 * there are (FerretDB scans every other filter). Written by the import and the phone flow.
 */
export interface PhoneIndex {
  _id: string;
  customerIds: string[];
}

const phoneIndexSchema = new Schema<PhoneIndex>(
  {
    _id: { type: String, required: true },
    customerIds: { type: [String], default: [] },
  },
  { collection: 'phoneIndex', versionKey: false },
);

export type PhoneIndexModel = Model<PhoneIndex>;

export function phoneIndexModel(connection: Connection): PhoneIndexModel {
  return connection.model<PhoneIndex>('PhoneIndex', phoneIndexSchema);
}
