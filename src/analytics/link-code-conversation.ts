import type { Clock } from '../clock.js';
import type { ConversationHandler } from '../conversation/conversation-handler.js';
import type { Models } from '../db/models/index.js';
import type { LineMessenger } from '../line/messenger.js';
import { addressName, type Templates } from '../templates/index.js';
import { linkCodeIn, redeemLinkCode } from './customer-linking.js';

/**
 * Wraps the conversation so that a message that is exactly a link code links the sender to their
 * visit history and gets an answer; every other event goes to the wrapped conversation unchanged.
 */
export function withLinkCodes(
  inner: ConversationHandler,
  deps: {
    models: Pick<Models, 'Customer' | 'Visit' | 'LinkCode'>;
    messenger: LineMessenger;
    templates: Templates;
    clock: Clock;
  },
): ConversationHandler {
  const { templates } = deps;
  return {
    onFollow: (input) => inner.onFollow(input),
    onPostback: (input) => inner.onPostback(input),
    async onMessage(input) {
      const { customer, event, reply } = input;
      const text = event.message.type === 'text' ? (event.message.text ?? '') : '';
      if (!linkCodeIn(text)) return inner.onMessage(input);
      const result = await redeemLinkCode(
        { models: deps.models, now: deps.clock.now() },
        { lineCustomerId: customer._id, text },
      );
      const answer =
        result.outcome === 'linked'
          ? templates.linkCodeLinked({ name: addressName(customer, templates) })
          : result.outcome === 'expired'
            ? templates.linkCodeExpired()
            : result.outcome === 'used'
              ? templates.linkCodeUsed()
              : templates.linkCodeUnknown();
      await deps.messenger.send({
        to: customer._id,
        messages: [{ type: 'text', text: answer }],
        key: `event:${event.webhookEventId}:link-code`,
        purpose: 'link-code',
        reply,
      });
    },
  };
}
