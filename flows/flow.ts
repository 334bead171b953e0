import type { ZodType } from 'zod';
import type { ComplaintCases } from '../src/cases/complaint-cases.js';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { ReplyHandle } from '../src/conversation/conversation-handler.js';
import type { Customer, Models } from '../src/db/models/index.js';
import { MESSAGES_PER_REQUEST, type LineMessage } from '../src/line/line-api.js';
import type { LineMessenger } from '../src/line/messenger.js';
import type { Logger } from '../src/log.js';
import type { StaffDesk } from '../src/staff/staff-desk.js';
import { addressName, type Templates } from '../src/templates/index.js';
import type { ActiveFlow, ConversationStore } from '../src/conversation/conversation-store.js';
import type { CaseCare } from '../src/cases/case-care.js';
import type { CustomerTags } from '../src/customers/customer-tags.js';
import type { PhoneLinks } from '../src/customers/phone-links.js';
import type { StaffNotices } from '../src/staff/staff-notices.js';
import type { CheckIns } from '../src/visits/check-ins.js';
import type { ChatLinks } from '../src/line/chat-links.js';
import type { ReferralThanks } from '../src/referrals/referral-thanks.js';
import type { Referrals } from '../src/referrals/referrals.js';
import type { ShopVoice } from '../src/voice/shop-voice.js';
import type { Wishes } from '../src/wishes/wishes.js';

/** What flows work with. */
export interface FlowDeps {
  models: Models;
  messenger: LineMessenger;
  templates: Templates;
  shop: Config['shop'];
  clock: Clock;
  log: Logger;
  staffDesk: StaffDesk;
  cases: ComplaintCases;
  conversations: ConversationStore;
  /** Visits and reach: check-ins, phone numbers, tags, staff notices, complaint care. */
  checkIns: CheckIns;
  phoneLinks: PhoneLinks;
  tags: CustomerTags;
  notices: StaffNotices;
  caseCare: Pick<CaseCare, 'recordFollowUp'>;
  /** The shop's own texts (`templates` shows them): refreshed before each turn and each composed message. */
  voice: Pick<ShopVoice, 'refresh'>;
  referrals: Referrals;
  /** The referrer's thanks, kept out of the quiet hours. */
  referralThanks: Pick<ReferralThanks, 'thank'>;
  wishes: Wishes;
  /** Links that open the shop's chat with a referral code typed in. */
  chatLinks: Pick<ChatLinks, 'prefilledMessage'>;
}

/** The `params` LINE adds to a postback from a date picker. */
export interface PostbackParams {
  date?: string;
  time?: string;
  datetime?: string;
}

/**
 * One turn of the conversation: the customer did something and the shop answers. Whatever the flows
 * say during the turn goes out together, as one reply while the reply token is fresh (free).
 */
export class Turn {
  readonly messages: LineMessage[] = [];
  /** What the answer is for, in the conversation log. */
  purpose = 'reply';

  constructor(
    readonly deps: FlowDeps,
    public customer: Customer,
    /** The webhook event this turn answers (the key of everything it sends). */
    readonly eventId: string,
    readonly now: Date,
    readonly reply: ReplyHandle | undefined,
  ) {}

  /** How to address the customer. */
  get name(): string {
    return addressName(this.customer, this.deps.templates);
  }

  get t(): Templates {
    return this.deps.templates;
  }

  say(...messages: LineMessage[]): void {
    this.messages.push(...messages);
  }

  /** Says a plain text. */
  text(text: string, quickReply?: QuickReplyItem[]): void {
    this.say(textMessage(text, quickReply));
  }

  /** Puts the customer in a flow step for `ttlMs`. */
  async enter(flow: string, step: string, data: Record<string, unknown>, ttlMs: number): Promise<void> {
    await this.deps.conversations.enter(
      this.customer._id,
      { flow, step, data, expiresAt: new Date(this.now.getTime() + ttlMs), lastEventId: this.eventId },
      this.now,
    );
  }

  async leave(): Promise<void> {
    await this.deps.conversations.leave(this.customer._id, this.now, this.eventId);
  }

  /**
   * Sends what was said: by reply while the token is fresh, otherwise by push, under a key derived
   * from the event, so a turn handled twice (after a crash) answers once.
   */
  async flush(key = `event:${this.eventId}:reply`): Promise<void> {
    for (let start = 0; start < this.messages.length; start += MESSAGES_PER_REQUEST) {
      await this.deps.messenger.send({
        to: this.customer._id,
        messages: this.messages.slice(start, start + MESSAGES_PER_REQUEST),
        key: start === 0 ? key : `${key}:${start / MESSAGES_PER_REQUEST}`,
        purpose: this.purpose,
        ...(start === 0 && this.reply ? { reply: this.reply } : {}),
      });
    }
    this.messages.length = 0;
  }

  /** The record if it is this customer's; otherwise the turn says the button was stale (undefined). */
  ownRecord<R extends { customerId: string }>(record: R | null): R | undefined {
    if (record?.customerId === this.customer._id) return record;
    this.text(this.t.staleAction);
    return undefined;
  }

  /** Reloads the customer after a change, so later steps of the turn see it. */
  async refreshCustomer(): Promise<void> {
    const fresh = await this.deps.models.Customer.findById(this.customer._id).lean();
    if (fresh) this.customer = fresh;
  }
}

export type QuickReplyItem = {
  type: 'action';
  action: Record<string, unknown> & { type: string; label: string };
};

/** A quick-reply button that sends postback data (and shows `displayText` as the customer's line). */
export function postbackButton(label: string, data: string, displayText = label): QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label, data, displayText } };
}

/** A quick-reply button that opens LINE's date picker. */
export function datePickerButton(label: string, data: string, now: Date): QuickReplyItem {
  return {
    type: 'action',
    action: {
      type: 'datetimepicker',
      label,
      data,
      mode: 'date',
      initial: '1990-01-01',
      min: '1900-01-01',
      max: now.toISOString().slice(0, 10),
    },
  };
}

export function textMessage(text: string, quickReply?: QuickReplyItem[]): LineMessage {
  return (
    quickReply && quickReply.length > 0
      ? { type: 'text', text, quickReply: { items: quickReply } }
      : { type: 'text', text }
  ) as LineMessage;
}

/**
 * One conversation flow: its id (named in postback data), the schema of its postback data, its
 * steps, and what it does with a postback or with text while it is the customer's active flow.
 */
export interface Flow<P = unknown> {
  id: string;
  postback: ZodType<P>;
  steps: readonly string[];
  onPostback(turn: Turn, data: P, params: PostbackParams | undefined): Promise<void>;
  /** Text while this flow is active; false when the text is not for this flow. */
  onText?(turn: Turn, state: ActiveFlow, text: string): Promise<boolean>;
}
