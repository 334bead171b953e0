import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A notice Joren posted in the staff channel that names customers (a check-in, a link, a phone
 * match, a contact-task list): kept so that forgetting a customer can delete it from Slack. `_id` is
 * `<channel>:<ts>`.
 */
export interface SlackNotice {
  _id: string;
  channel: string;
  ts: string;
  customerIds: string[];
  createdAt: Date;
}

const slackNoticeSchema = new Schema<SlackNotice>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    ts: { type: String, required: true },
    customerIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'slackNotices', versionKey: false },
);

slackNoticeSchema.index({ customerIds: 1 });

export type SlackNoticeModel = Model<SlackNotice>;

export function slackNoticeModel(connection: Connection): SlackNoticeModel {
  return connection.model<SlackNotice>('SlackNotice', slackNoticeSchema);
}
