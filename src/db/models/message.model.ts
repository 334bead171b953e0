import { Schema, type Connection, type Model } from 'mongoose';

export type MessageDirection = 'in' | 'out';
export type MessageVia = 'webhook' | 'reply' | 'push' | 'multicast';

/**
 * The conversation log: every message a customer sent and every message the shop sent, on LINE.
 * `_id` is an idempotency key (`in:<webhookEventId>` for received messages, `<send key>#<n>` for
 * sent ones), so processing an event twice or retrying a send never logs a message twice.
 * Outgoing entries are written as `sending` before the LINE call and become `sent` or `failed`.
 */
export interface Message {
  _id: string;
  customerId: string;
  direction: MessageDirection;
  channel: 'line';
  via: MessageVia;
  /** LINE message type: text, sticker, image, video, audio, file, location, template, flex… */
  type: string;
  /** The words of a text message, whole (conversation content: never written to logs). */
  text?: string;
  /** A short readable description for any type, e.g. "[スタンプ]" or "[画像]". */
  summary: string;
  lineMessageId?: string;
  webhookEventId?: string;
  /** What the message was for: welcome, reply, thanks, survey, birthday, staff-reply… */
  purpose?: string;
  /** The staff member who wrote it, for messages relayed from Slack. */
  staff?: string;
  status: 'received' | 'sending' | 'sent' | 'failed';
  at: Date;
  sentAt?: Date;
  lineRequestId?: string;
  /** A reply LINE never confirmed (timed out, network error, 5xx), counted as delivered, not pushed. */
  unconfirmed?: boolean;
  /** Where staff were shown this message in Slack (a received message relayed to a thread). */
  slack?: { channel: string; ts: string };
}

/**
 * LINE allows 5,000 characters in a text message; characters outside the BMP (emoji, rare kanji) take
 * two UTF-16 units each, and `maxlength` counts units, so the log has room for 5,000 of them and more.
 */
export const MESSAGE_TEXT_MAX = 20_000;

const messageSchema = new Schema<Message>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    channel: { type: String, enum: ['line'], default: 'line' },
    via: { type: String, enum: ['webhook', 'reply', 'push', 'multicast'], required: true },
    type: { type: String, required: true },
    text: { type: String, maxlength: MESSAGE_TEXT_MAX },
    summary: { type: String, required: true, maxlength: 200 },
    lineMessageId: String,
    webhookEventId: String,
    purpose: String,
    staff: String,
    status: { type: String, enum: ['received', 'sending', 'sent', 'failed'], required: true },
    at: { type: Date, required: true },
    sentAt: Date,
    lineRequestId: String,
    unconfirmed: Boolean,
    slack: { type: { channel: String, ts: String }, _id: false },
  },
  { collection: 'messages', versionKey: false },
);

messageSchema.index({ customerId: 1, at: -1 });

export type MessageModel = Model<Message>;

export function messageModel(connection: Connection): MessageModel {
  return connection.model<Message>('Message', messageSchema);
}
