import { Schema, type Connection, type Model } from 'mongoose';

export type LinkProposalStatus = 'proposed' | 'linked' | 'rejected';

/**
 * A LINE friend whose phone number matches a customer known only from an imported history: staff
 * decide (つなぐ / 違う); nothing is merged without a person's yes. `_id` is
 * `<friend id>~<history id>`, so the same match is proposed once.
 */
export interface LinkProposal {
  _id: string;
  friendId: string;
  historyId: string;
  status: LinkProposalStatus;
  createdAt: Date;
  decidedAt?: Date;
  decidedBy?: string;
}

const linkProposalSchema = new Schema<LinkProposal>(
  {
    _id: { type: String, required: true },
    friendId: { type: String, required: true },
    historyId: { type: String, required: true },
    status: { type: String, enum: ['proposed', 'linked', 'rejected'], required: true },
    createdAt: { type: Date, required: true },
    decidedAt: Date,
    decidedBy: String,
  },
  { collection: 'linkProposals', versionKey: false },
);

export type LinkProposalModel = Model<LinkProposal>;

export function linkProposalModel(connection: Connection): LinkProposalModel {
  return connection.model<LinkProposal>('LinkProposal', linkProposalSchema);
}
