import { randomBytes } from 'node:crypto';
import { lineSignature } from '../../src/line/signature.js';
import type { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

type Json = Record<string, unknown>;

/** A webhook event as LINE sends it (the fields tests read are typed). */
export interface WebhookEventJson {
  type: string;
  webhookEventId: string;
  timestamp: number;
  source: Json;
  replyToken?: string;
  [field: string]: unknown;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A webhookEventId shaped like LINE's (a 26-character ULID). */
export function webhookEventId(): string {
  return Array.from(randomBytes(26), (byte) => CROCKFORD[byte % 32]).join('');
}

/**
 * Builds LINE webhook events and POSTs them to the bot signed exactly as LINE does
 * (X-Line-Signature = base64 HMAC-SHA256 of the raw body with the channel secret).
 */
export class LineWebhookClient {
  constructor(
    private readonly baseUrl: string,
    private readonly channelSecret: string,
    private readonly fake: FakeLineApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private base(type: string, userId: string, extra: Json = {}): WebhookEventJson {
    return {
      type,
      mode: 'active',
      timestamp: this.now().getTime(),
      source: { type: 'user', userId },
      webhookEventId: webhookEventId(),
      deliveryContext: { isRedelivery: false },
      ...extra,
    };
  }

  follow(userId: string, extra: Json = {}): WebhookEventJson {
    return this.base('follow', userId, {
      replyToken: this.fake.replyTokenFor(userId),
      follow: { isUnblocked: false },
      ...extra,
    });
  }

  unfollow(userId: string): WebhookEventJson {
    return this.base('unfollow', userId);
  }

  text(userId: string, text: string): WebhookEventJson {
    return this.base('message', userId, {
      replyToken: this.fake.replyTokenFor(userId),
      message: {
        id: String(Date.now()) + randomBytes(2).toString('hex'),
        type: 'text',
        text,
        quoteToken: 'q',
      },
    });
  }

  message(userId: string, message: Json): WebhookEventJson {
    return this.base('message', userId, {
      replyToken: this.fake.replyTokenFor(userId),
      message: { id: String(Date.now()) + randomBytes(2).toString('hex'), ...message },
    });
  }

  postback(userId: string, data: string, params?: Json): WebhookEventJson {
    return this.base('postback', userId, {
      replyToken: this.fake.replyTokenFor(userId),
      postback: { data, ...(params ? { params } : {}) },
    });
  }

  /** The JSON body LINE sends for these events. */
  body(events: Json[]): string {
    return JSON.stringify({ destination: 'U0123456789abcdef0123456789abcdef', events });
  }

  /** POSTs the events, correctly signed. */
  send(...events: Json[]): Promise<Response> {
    return this.postRaw(this.body(events));
  }

  /** POSTs a raw body; signature `undefined` signs it correctly, `null` leaves the header out. */
  async postRaw(body: string | Buffer, signature?: string | null): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null)
      headers['x-line-signature'] = signature ?? lineSignature(body, this.channelSecret);
    return fetch(`${this.baseUrl}/webhooks/line`, { method: 'POST', headers, body });
  }
}
