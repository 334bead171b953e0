import type { Customer } from '../../src/db/models/index.js';
import type { SentMessage } from '../../src/sandbox/line-api/fake-line-api.js';
import type { TestApp } from './test-app.js';

type QuickReplyAction = { type: string; label: string; data?: string; displayText?: string; text?: string };

/** One line of a conversation as the customer saw it. */
export interface TranscriptLine {
  who: 'customer' | 'shop';
  text: string;
  buttons?: string[];
}

/**
 * A LINE user talking to the bot: each action becomes a signed webhook, and what the bot sent back
 * is read from the fake LINE API — the way the customer would see it.
 */
export class CustomerSim {
  readonly userId: string;
  readonly transcript: TranscriptLine[] = [];
  private seen = 0;
  private lastMessages: SentMessage[] = [];
  private readonly history: SentMessage[] = [];

  constructor(
    private readonly t: TestApp,
    readonly displayName: string,
  ) {
    this.userId = t.fake.addUser({ displayName });
  }

  async follow(): Promise<string[]> {
    this.note('customer', '（友だち追加）');
    return this.act(this.t.line.follow(this.userId));
  }

  async unfollow(): Promise<string[]> {
    this.note('customer', '（ブロック）');
    return this.act(this.t.line.unfollow(this.userId));
  }

  async say(text: string): Promise<string[]> {
    this.note('customer', text);
    return this.act(this.t.line.text(this.userId, text));
  }

  async sendSticker(): Promise<string[]> {
    this.note('customer', '（スタンプ）');
    return this.act(
      this.t.line.message(this.userId, { type: 'sticker', packageId: '446', stickerId: '1988' }),
    );
  }

  /**
   * Taps the button with this label on the latest message that has one. LINE keeps quick replies
   * only on the last message, but a customer can still tap a button left there for weeks, or tap
   * twice before it disappears; tests use older buttons to play those cases.
   */
  async tap(label: string, params?: { date: string }): Promise<string[]> {
    this.collect();
    const action = this.button(label);
    if (action.type === 'message') return this.say(action.text ?? label);
    if (action.type !== 'postback' && action.type !== 'datetimepicker')
      throw new Error(`Cannot tap a ${action.type} button`);
    this.note(
      'customer',
      params?.date ? `（${label}: ${params.date}）` : `［${action.displayText ?? label}］`,
    );
    return this.act(this.t.line.postback(this.userId, action.data!, params));
  }

  /** Sends postback data directly: the rich menu's, or a stale or forged one (`as` names it in the transcript). */
  async postback(data: string, as = `ボタン: ${data}`): Promise<string[]> {
    this.note('customer', `（${as}）`);
    return this.act(this.t.line.postback(this.userId, data));
  }

  /** Where the transcript is now, to quote it from here on. */
  mark(): number {
    this.collect();
    return this.transcript.length;
  }

  /** Button labels on the latest message. */
  buttons(): string[] {
    return quickReplies(this.lastMessages.at(-1)).map((a) => a.label);
  }

  /** Messages pushed to this customer since the last look (scheduled or staff-initiated). */
  received(): string[] {
    return this.collect();
  }

  private button(label: string): QuickReplyAction {
    for (const message of [...this.history].reverse()) {
      const found = quickReplies(message).find((a) => a.label === label);
      if (found) return found;
    }
    throw new Error(`No button 「${label}」 on the last messages; there are: ${this.buttons().join(', ')}`);
  }

  private async act(event: Record<string, unknown>): Promise<string[]> {
    const res = await this.t.line.send(event);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await this.t.settle();
    return this.collect();
  }

  private collect(): string[] {
    const messages = this.t.fake.deliveries.filter((d) => d.to === this.userId).flatMap((d) => d.messages);
    const fresh = messages.slice(this.seen);
    this.seen = messages.length;
    if (fresh.length > 0) this.lastMessages = fresh;
    this.history.push(...fresh);
    for (const message of fresh) {
      const buttons = quickReplies(message).map((a) => a.label);
      this.transcript.push({
        who: 'shop',
        text: messageText(message),
        ...(buttons.length ? { buttons } : {}),
      });
    }
    return fresh.map(messageText);
  }

  private note(who: 'customer' | 'shop', text: string): void {
    this.transcript.push({ who, text });
  }
}

/** What the customer reads for a message: its text, or its kind. */
function messageText(message: SentMessage): string {
  return typeof message.text === 'string' ? message.text : `[${message.type}]`;
}

function quickReplies(message: SentMessage | undefined): QuickReplyAction[] {
  const items = (message?.quickReply as { items?: { action: QuickReplyAction }[] } | undefined)?.items ?? [];
  return items.map((item) => item.action);
}

/** A LINE friend who finished onboarding long ago: known to the fake LINE API and recorded as a customer. */
export async function onboardedFriend(
  t: TestApp,
  displayName: string,
  fields: Partial<Customer> = {},
): Promise<CustomerSim> {
  const sim = new CustomerSim(t, displayName);
  await t.context.models.Customer.create({
    _id: sim.userId,
    lineUserId: sim.userId,
    status: 'following',
    displayName,
    ...fields,
  });
  return sim;
}
