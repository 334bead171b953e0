import type { Conversation, ConversationModel, HandOff } from '../db/models/index.js';

/** The flow a customer is in right now. */
export interface ActiveFlow {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  expiresAt: Date;
  lastEventId?: string;
}

/** Where each customer is in a conversation, kept in MongoDB (one document per customer). */
export class ConversationStore {
  constructor(private readonly Conversation: ConversationModel) {}

  async get(customerId: string): Promise<Conversation | null> {
    return this.Conversation.findById(customerId).lean();
  }

  /** The customer's flow, unless there is none or it expired (an expired flow ends quietly). */
  async active(customerId: string, now: Date): Promise<ActiveFlow | undefined> {
    return activeFlowOf(await this.get(customerId), now);
  }

  async enter(customerId: string, flow: ActiveFlow, now: Date): Promise<void> {
    await this.Conversation.updateOne(
      { _id: customerId },
      {
        $set: {
          flow: flow.flow,
          step: flow.step,
          data: flow.data,
          expiresAt: flow.expiresAt,
          ...(flow.lastEventId ? { lastEventId: flow.lastEventId } : {}),
          updatedAt: now,
        },
      },
      { upsert: true },
    );
  }

  async leave(customerId: string, now: Date, eventId?: string): Promise<void> {
    await this.Conversation.updateOne(
      { _id: customerId },
      {
        $unset: { flow: 1, step: 1, data: 1, expiresAt: 1 },
        $set: { updatedAt: now, ...(eventId ? { lastEventId: eventId } : {}) },
      },
    );
  }

  async setHandOff(customerId: string, handOff: HandOff, now: Date): Promise<void> {
    await this.Conversation.updateOne(
      { _id: customerId },
      { $set: { handOff, updatedAt: now } },
      { upsert: true },
    );
  }
}

function activeFlowOf(conversation: Conversation | null, now: Date): ActiveFlow | undefined {
  if (!conversation?.flow || !conversation.step || !conversation.expiresAt || conversation.expiresAt <= now)
    return undefined;
  return {
    flow: conversation.flow,
    step: conversation.step,
    data: conversation.data ?? {},
    expiresAt: conversation.expiresAt,
    ...(conversation.lastEventId ? { lastEventId: conversation.lastEventId } : {}),
  };
}
