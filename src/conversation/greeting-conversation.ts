import type { LineMessenger } from '../line/messenger.js';
import { addressName, type Templates } from '../templates/index.js';
import type { ConversationHandler } from './conversation-handler.js';

/**
 * The simplest conversation: welcome new friends, welcome back returning ones, and leave messages
 * and button taps to the log for staff. The flow router replaces it once flows are registered.
 */
export function greetingConversation(deps: {
  messenger: LineMessenger;
  templates: Templates;
  shopName: string;
}): ConversationHandler {
  const { messenger, templates, shopName } = deps;
  return {
    async onFollow({ customer, returning, event, reply }) {
      const name = addressName(customer, templates);
      const text = returning
        ? templates.welcomeBack({ shopName, name })
        : templates.welcome({ shopName, name });
      await messenger.send({
        to: customer._id,
        messages: [{ type: 'text', text }],
        key: `event:${event.webhookEventId}:welcome`,
        purpose: returning ? 'welcome-back' : 'welcome',
        reply,
      });
    },
    async onMessage() {},
    async onPostback() {},
  };
}
