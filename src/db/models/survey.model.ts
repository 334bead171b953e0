import { Schema, type Connection, type Model } from 'mongoose';

export type SurveyStatus = 'scheduled' | 'sent' | 'answered' | 'expired' | 'cancelled';

/**
 * The satisfaction survey of one visit (`_id` is the visit's id, so a visit has at most one). The
 * rating (1–5) and the optional comment are the customer's own words about the shop.
 */
export interface Survey {
  _id: string;
  customerId: string;
  visitAt: Date;
  menu?: string;
  status: SurveyStatus;
  sentAt?: Date;
  rating?: number;
  ratedAt?: Date;
  comment?: string;
  commentedAt?: Date;
  /** The complaint case a low rating or a negative comment opened. */
  complaintCaseId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const surveySchema = new Schema<Survey>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    visitAt: { type: Date, required: true },
    menu: { type: String, maxlength: 100 },
    status: { type: String, enum: ['scheduled', 'sent', 'answered', 'expired', 'cancelled'], required: true },
    sentAt: Date,
    rating: { type: Number, min: 1, max: 5 },
    ratedAt: Date,
    comment: { type: String, maxlength: 2000 },
    commentedAt: Date,
    complaintCaseId: String,
  },
  { collection: 'surveys', timestamps: true, versionKey: false },
);

surveySchema.index({ customerId: 1, visitAt: -1 });
surveySchema.index({ ratedAt: 1 });

export type SurveyModel = Model<Survey>;

export function surveyModel(connection: Connection): SurveyModel {
  return connection.model<Survey>('Survey', surveySchema);
}
