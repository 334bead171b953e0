import { z } from 'zod';

/**
 * Zod schemas of the LINE webhook body and of the events Joren acts on
 * (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects). The envelope check
 * is strict about what Joren relies on and lets every other field through, so new LINE fields and new
 * event types are stored, not rejected.
 */
const source = z.looseObject({
  type: z.string(),
  userId: z.string().optional(),
  groupId: z.string().optional(),
  roomId: z.string().optional(),
});

const webhookEventEnvelope = z.looseObject({
  type: z.string().min(1),
  mode: z.string().optional(),
  timestamp: z.number().int().nonnegative(),
  webhookEventId: z.string().min(1).max(100),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }),
  source: source.optional(),
  replyToken: z.string().optional(),
});

export const webhookBody = z.looseObject({
  destination: z.string(),
  events: z.array(webhookEventEnvelope),
});

export type WebhookEventEnvelope = z.infer<typeof webhookEventEnvelope>;

export const followEvent = webhookEventEnvelope.extend({
  type: z.literal('follow'),
  replyToken: z.string(),
  follow: z.looseObject({ isUnblocked: z.boolean() }).optional(),
});

export const unfollowEvent = webhookEventEnvelope.extend({ type: z.literal('unfollow') });

export const messageEvent = webhookEventEnvelope.extend({
  type: z.literal('message'),
  replyToken: z.string().optional(),
  message: z.looseObject({
    id: z.string(),
    type: z.string(),
    text: z.string().optional(),
    packageId: z.string().optional(),
    stickerId: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    fileName: z.string().optional(),
    title: z.string().optional(),
    address: z.string().optional(),
    duration: z.number().optional(),
  }),
});

export const postbackEvent = webhookEventEnvelope.extend({
  type: z.literal('postback'),
  replyToken: z.string().optional(),
  postback: z.looseObject({
    data: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
});

export type FollowEvent = z.infer<typeof followEvent>;
export type UnfollowEvent = z.infer<typeof unfollowEvent>;
export type MessageEvent = z.infer<typeof messageEvent>;
export type PostbackEvent = z.infer<typeof postbackEvent>;
export type LineMessageContent = MessageEvent['message'];
