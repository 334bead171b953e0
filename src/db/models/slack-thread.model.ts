import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The Slack thread where staff follow one customer conversation (a hand-off conversation, see
 * flows/hand-off.flow.ts). The same record is stored under two keys, because only `_id` lookups are
 * indexed on every server we run on: `c:<customerId>:<conversation start, ms>` finds the thread for a
 * new customer message, `t:<channel>:<thread ts>` finds the customer for a staff reply in the thread.
 */
export interface SlackThread {
  _id: string;
  customerId: string;
  channel: string;
  ts: string;
  conversationStartedAt: Date;
  createdAt: Date;
}

const slackThreadSchema = new Schema<SlackThread>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, required: true },
    ts: { type: String, required: true },
    conversationStartedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'slackThreads', versionKey: false },
);

slackThreadSchema.index({ customerId: 1 });

export type SlackThreadModel = Model<SlackThread>;

export function slackThreadModel(connection: Connection): SlackThreadModel {
  return connection.model<SlackThread>('SlackThread', slackThreadSchema);
}
