import type { Customer, TouchpointKind } from '../db/models/index.js';
import type { LineMessage } from '../line/line-api.js';

/** What to send for one touchpoint to one customer, decided when it is due. */
export interface ComposeInput {
  customer: Customer;
  now: Date;
  /** What the touchpoint is about: a visit id (post-visit), a win-back episode id, a season id… */
  ref?: string;
  data?: Record<string, unknown>;
}

/**
 * Builds the messages of a touchpoint; null when there is nothing to send any more (the visit was
 * deleted, the survey already answered). `onSent` runs after LINE accepted the messages (for example
 * to mark the survey as sent and expect the customer's rating).
 */
export interface TouchpointComposer {
  compose(input: ComposeInput): Promise<LineMessage[] | null>;
  onSent?(input: ComposeInput): Promise<void>;
}

/** Who composes which kind: flows register the conversational ones, the scheduler the rest. */
export class TouchpointComposers {
  private readonly composers = new Map<TouchpointKind, TouchpointComposer>();

  register(kind: TouchpointKind, composer: TouchpointComposer): void {
    this.composers.set(kind, composer);
  }

  /** Takes a kind's composer away: the scheduler then tells staff instead of sending it. */
  unregister(kind: TouchpointKind): void {
    this.composers.delete(kind);
  }

  has(kind: TouchpointKind): boolean {
    return this.composers.has(kind);
  }

  get(kind: TouchpointKind): TouchpointComposer {
    const composer = this.composers.get(kind);
    if (!composer) throw new Error(`No composer is registered for touchpoint "${kind}".`);
    return composer;
  }
}
