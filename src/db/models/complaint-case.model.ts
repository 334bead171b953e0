import { Schema, Types, type Connection, type Model } from 'mongoose';

export type CaseStatus = 'open' | 'in-progress' | 'resolved';
export type CaseTrigger = 'survey' | 'message' | 'win-back' | 'staff' | 'in-person';

/** The shop's five steps, as the checklist of a complaint heard by phone or at the counter. */
export const caseSteps = ['acknowledge', 'reassure', 'apologise', 'ask', 'resolve'] as const;
export type CaseStep = (typeof caseSteps)[number];

/** One step in a case's life: who did what, when. */
export interface CaseEvent {
  at: Date;
  by: string;
  action: 'opened' | 'answered' | 'taken' | 'resolved' | 'confirmed' | 'note' | 'step' | 'follow-up';
  note?: string;
}

/**
 * A complaint, handled in the shop's five steps: the bot acknowledges, reassures, apologises and
 * asks what would make it right (`wish`); staff take the case, act, and resolve it, and the customer
 * gets a confirmation. While a case is not resolved, the customer receives no marketing.
 */
export interface ComplaintCase {
  _id: string;
  customerId: string;
  trigger: CaseTrigger;
  /** The survey (visit id) or webhook event that opened it. */
  triggerRef?: string;
  /** The customer's words about what went wrong. */
  words?: string;
  /** Their answer to 「どのようにさせていただければご満足いただけますでしょうか」. */
  wish?: string;
  status: CaseStatus;
  openedAt: Date;
  takenBy?: string;
  takenAt?: Date;
  resolvedBy?: string;
  resolvedAt?: Date;
  resolution?: string;
  confirmationSentAt?: Date;
  history: CaseEvent[];
  /** A complaint heard by phone or at the counter: how, and the five steps ticked off so far. */
  heard?: 'phone' | 'counter';
  steps?: CaseStep[];
  /** The Slack user who owns the case (opened it from Slack, or took it): reminded when it stalls. */
  ownerId?: string;
  /** When staff were last reminded that the case had not moved. */
  remindedAt?: Date;
  /** A week after the resolution the customer is asked how things are now; their rating lands here. */
  followUp?: { askedAt: Date; rating?: number; answeredAt?: Date };
  /** Where the case card lives in Slack, once posted. */
  slack?: { channel: string; ts: string };
  createdAt: Date;
  updatedAt: Date;
}

const caseEventSchema = new Schema<CaseEvent>(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: {
      type: String,
      enum: ['opened', 'answered', 'taken', 'resolved', 'confirmed', 'note', 'step', 'follow-up'],
      required: true,
    },
    note: { type: String, maxlength: 2000 },
  },
  { _id: false },
);

const complaintCaseSchema = new Schema<ComplaintCase>(
  {
    _id: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
    customerId: { type: String, required: true },
    trigger: { type: String, enum: ['survey', 'message', 'win-back', 'staff', 'in-person'], required: true },
    triggerRef: String,
    words: { type: String, maxlength: 2000 },
    wish: { type: String, maxlength: 2000 },
    status: { type: String, enum: ['open', 'in-progress', 'resolved'], required: true },
    openedAt: { type: Date, required: true },
    takenBy: String,
    takenAt: Date,
    resolvedBy: String,
    resolvedAt: Date,
    resolution: { type: String, maxlength: 2000 },
    confirmationSentAt: Date,
    history: { type: [caseEventSchema], default: [] },
    heard: { type: String, enum: ['phone', 'counter'] },
    steps: { type: [String], enum: caseSteps, default: undefined },
    ownerId: String,
    remindedAt: Date,
    followUp: {
      type: { askedAt: { type: Date, required: true }, rating: Number, answeredAt: Date },
      _id: false,
    },
    slack: { type: { channel: String, ts: String }, _id: false },
  },
  { collection: 'complaintCases', timestamps: true, versionKey: false },
);

complaintCaseSchema.index({ status: 1, openedAt: 1 });
complaintCaseSchema.index({ customerId: 1, openedAt: -1 });

export type ComplaintCaseModel = Model<ComplaintCase>;

export function complaintCaseModel(connection: Connection): ComplaintCaseModel {
  return connection.model<ComplaintCase>('ComplaintCase', complaintCaseSchema);
}
