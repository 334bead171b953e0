import { caseButtons } from './cases/case-buttons.js';
import { forgetButtons } from './commands/forget.command.js';
import { visitButtons } from './commands/visit.command.js';
import { customerButtons } from './customers/customer-buttons.js';
import { disclosureButtons } from './customers/disclosure-slack.js';
import { mourningButtons } from './customers/mourning-button.js';
import type { ButtonHandler } from './interactions.js';
import { lapsedButtons } from './lapsed/lapsed-buttons.js';
import { checkInButtons } from './reach/check-in-slack.js';
import { complaintButtons } from './reach/complaint-slack.js';
import { linkButtons } from './reach/link-slack.js';
import { tagButtons } from './reach/tags-slack.js';
import { taskButtons } from './reach/tasks-slack.js';
import { voiceButtons } from './voice/register-voice.js';

/** Every button Joren answers (the chaos suite presses each of them with hostile values). */
export const buttonHandlers: ButtonHandler[] = [
  ...customerButtons,
  ...forgetButtons,
  ...caseButtons,
  ...lapsedButtons,
  ...visitButtons,
  ...checkInButtons,
  ...linkButtons,
  ...tagButtons,
  ...taskButtons,
  ...complaintButtons,
  ...voiceButtons,
  ...mourningButtons,
  ...disclosureButtons,
];
