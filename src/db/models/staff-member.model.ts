import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A staff member's own settings in Joren (`_id` is `<Slack team id>:<Slack user id>`): for now the
 * language Joren answers them in. Their name is read from Slack when needed, never kept here.
 */
export interface StaffMember {
  _id: string;
  language: 'ja' | 'en';
  updatedAt: Date;
}

const staffMemberSchema = new Schema<StaffMember>(
  {
    _id: { type: String, required: true },
    language: { type: String, enum: ['ja', 'en'], required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'staffMembers', versionKey: false },
);

export type StaffMemberModel = Model<StaffMember>;

export function staffMemberModel(connection: Connection): StaffMemberModel {
  return connection.model<StaffMember>('StaffMember', staffMemberSchema);
}
