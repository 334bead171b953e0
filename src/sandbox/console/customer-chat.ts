import { randomBytes } from 'node:crypto';
import { ErrorCode, JorenError } from '../../errors.js';
import { lineSignature } from '../../line/signature.js';
import type { AppContext } from '../../context.js';
import { consoleLimits, keepLatest } from '../limits.js';
import type { LineSandbox } from '../line-sandbox.js';

type Json = Record<string, unknown>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A webhookEventId shaped like LINE's (a 26-character ULID). */
function webhookEventId(): string {
  return Array.from(randomBytes(26), (byte) => CROCKFORD[byte % 32]).join('');
}

/** What a simulated customer did, as the console shows it in the chat. */
export interface CustomerAction {
  /** The number of bot deliveries before this action (fake.deliveredTotal), to place it among them. */
  seq: number;
  text: string;
}

/** A simulated LINE user of the console. */
export interface SimulatedCustomer {
  userId: string;
  displayName: string;
  actions: CustomerAction[];
}

/** One thing the customer does in the chat. */
export type CustomerInput =
  | { kind: 'follow' }
  | { kind: 'unfollow' }
  | { kind: 'text'; text: string }
  | { kind: 'sticker' }
  | { kind: 'postback'; data: string; label: string; date?: string };

/**
 * The LINE side of the console: simulated customers whose actions become webhook requests signed
 * with the sandbox channel secret and POSTed to the bot's own /webhooks/line, as LINE would send them.
 */
export class CustomerChat {
  readonly customers = new Map<string, SimulatedCustomer>();

  constructor(
    private readonly context: AppContext,
    private readonly line: LineSandbox,
    private readonly botUrl: () => string,
  ) {}

  /** A new LINE user (not yet a friend of the shop); the console keeps a bounded number of them. */
  add(displayName: string, userId?: string): SimulatedCustomer {
    if (this.customers.size >= consoleLimits.customers) {
      throw new JorenError(
        ErrorCode.SandboxFull,
        `The sandbox keeps ${consoleLimits.customers} customers at most: restart it to begin again.`,
      );
    }
    const id = this.line.fake.addUser({ displayName }, userId);
    const customer = { userId: id, displayName, actions: [] };
    this.customers.set(id, customer);
    return customer;
  }

  /** Sends the action as a signed webhook and waits until the bot has handled it. */
  async act(userId: string, input: CustomerInput): Promise<void> {
    const customer = this.customers.get(userId);
    if (!customer) {
      throw new JorenError(ErrorCode.CustomerNotFound, 'No simulated customer has this id.', { userId });
    }
    const { fake } = this.line;
    const base = (type: string, extra: Json): Json => ({
      type,
      mode: 'active',
      timestamp: this.context.clock.now().getTime(),
      source: { type: 'user', userId },
      webhookEventId: webhookEventId(),
      deliveryContext: { isRedelivery: false },
      ...extra,
    });
    const reply = () => ({ replyToken: fake.replyTokenFor(userId) });
    const messageId = () => String(this.context.clock.now().getTime()) + String(customer.actions.length);
    let event: Json;
    let shown: string;
    switch (input.kind) {
      case 'follow':
        fake.unblock(userId);
        event = base('follow', { ...reply(), follow: { isUnblocked: false } });
        shown = '（友だち追加）';
        break;
      case 'unfollow':
        fake.block(userId);
        event = base('unfollow', {});
        shown = '（ブロック）';
        break;
      case 'text':
        event = base('message', {
          ...reply(),
          message: { id: messageId(), type: 'text', text: input.text, quoteToken: 'q' },
        });
        shown = input.text;
        break;
      case 'sticker':
        event = base('message', {
          ...reply(),
          message: {
            id: messageId(),
            type: 'sticker',
            packageId: '446',
            stickerId: '1988',
            keywords: ['OK'],
          },
        });
        shown = '（スタンプ）';
        break;
      case 'postback':
        event = base('postback', {
          ...reply(),
          postback: { data: input.data, ...(input.date ? { params: { date: input.date } } : {}) },
        });
        shown = input.date ? `（${input.label}: ${input.date}）` : `［${input.label}］`;
        break;
    }
    keepLatest(customer.actions, { seq: fake.deliveredTotal, text: shown }, consoleLimits.actionsPerCustomer);
    const body = JSON.stringify({ destination: 'U0sandboxdestination', events: [event] });
    const res = await fetch(`${this.botUrl()}/webhooks/line`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': lineSignature(body, this.line.channelSecret),
      },
      body,
    });
    if (!res.ok) throw new Error(`the bot answered the webhook with HTTP ${res.status}`);
    await this.context.inbox.worker.drain();
    await this.context.slack.idle();
  }

  /** The chat of one customer: their actions and the bot's messages, in order. */
  timeline(userId: string): { from: 'customer' | 'shop'; text?: string; message?: Json; at?: string }[] {
    const customer = this.customers.get(userId);
    if (!customer) return [];
    const out: { from: 'customer' | 'shop'; text?: string; message?: Json; at?: string }[] = [];
    const actions = [...customer.actions];
    const { deliveries, deliveredTotal } = this.line.fake;
    // The simulator keeps the latest deliveries only: the first one kept is number `first` of all.
    const first = deliveredTotal - deliveries.length;
    deliveries.forEach((delivery, index) => {
      while (actions.length && actions[0]!.seq <= first + index)
        out.push({ from: 'customer', text: actions.shift()!.text });
      if (delivery.to !== userId) return;
      for (const message of delivery.messages)
        out.push({ from: 'shop', message, at: delivery.at.toISOString() });
    });
    for (const action of actions) out.push({ from: 'customer', text: action.text });
    return out;
  }
}
