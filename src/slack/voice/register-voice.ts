import type { App } from '@slack/bolt';
import type { ButtonHandler } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import { registerNewsletterActions } from './newsletter-actions.js';
import { registerSeasonsActions } from './seasons-modal.js';
import { registerTemplateActions } from './template-actions.js';
import { templateButtons } from './template-menu.js';

/** The buttons of `/joren templates` (registered with the other buttons). */
export const voiceButtons: ButtonHandler[] = templateButtons;

/**
 * The modals of the shop's voice — a text, the newsletter, the greeting calendar — whose buttons
 * update the open modal and whose submissions may be refused in place (so Bolt's own ack is used).
 */
export function registerVoice(bolt: App, deps: SlackDeps): void {
  registerTemplateActions(bolt, deps);
  registerNewsletterActions(bolt, deps);
  registerSeasonsActions(bolt, deps);
}
