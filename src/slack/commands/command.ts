import type { ZodType } from 'zod';
import type { StaffLanguage } from '../../config.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { SlackDeps } from '../slack-deps.js';
import type { StaffMemberRef } from '../staff-directory.js';
import type { StaffText } from '../text/index.js';

/** Who runs a command, in which language. */
export interface CommandCall extends SlackDeps {
  member: StaffMemberRef;
  language: StaffLanguage;
  t: StaffText;
  /** The text as typed, for messages that quote it. */
  typed: string;
  /** Slack's id of this command invocation: opens a modal, and names what the command records once. */
  triggerId: string;
}

/**
 * One slash command: its name, the zod schema that turns the typed text into its arguments (a
 * failure shows `usage`), and what it answers. The runner acknowledges within Slack's three
 * seconds and sends slower answers through the response_url; answers are ephemeral (only the staff
 * member who asked sees customer data).
 */
export interface SlackCommand<A = unknown> {
  name: `/${string}`;
  args: ZodType<A, string>;
  usage(t: StaffText): string;
  run(args: A, call: CommandCall): Promise<SlackMessage>;
}

/** Declares a command with its argument type inferred from the schema. */
export function defineCommand<A>(command: SlackCommand<A>): SlackCommand<A> {
  return command;
}
