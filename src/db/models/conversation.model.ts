import { Schema, type Connection, type Model } from 'mongoose';

/** A conversation handed to staff: when it began, whether the customer was told someone will answer. */
export interface HandOff {
  openedAt: Date;
  lastCustomerAt: Date;
  ackSentAt?: Date;
  staffRepliedAt?: Date;
}

/**
 * Where a customer is in a conversation with the shop (`_id` is the customer id): the active flow,
 * its step and data, until when it is valid, and the webhook event that last moved it (so a replayed
 * event is recognised). An expired flow is simply over.
 */
export interface Conversation {
  _id: string;
  flow?: string;
  step?: string;
  data?: Record<string, unknown>;
  expiresAt?: Date;
  lastEventId?: string;
  handOff?: HandOff;
  updatedAt: Date;
}

const conversationSchema = new Schema<Conversation>(
  {
    _id: { type: String, required: true },
    flow: String,
    step: String,
    data: { type: Schema.Types.Mixed },
    expiresAt: Date,
    lastEventId: String,
    handOff: {
      type: { openedAt: Date, lastCustomerAt: Date, ackSentAt: Date, staffRepliedAt: Date },
      _id: false,
    },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conversations', versionKey: false, minimize: false },
);

export type ConversationModel = Model<Conversation>;

export function conversationModel(connection: Connection): ConversationModel {
  return connection.model<Conversation>('Conversation', conversationSchema);
}
