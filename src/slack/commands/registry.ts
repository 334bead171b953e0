import { broadcastCommand } from '../broadcast/broadcast.command.js';
import type { SlackCommand } from './command.js';
import { customerCommand } from './customer.command.js';
import { forgetCommand } from './forget.command.js';
import { jorenCommand } from './joren.command.js';
import { lapsedCommand } from './lapsed.command.js';
import { statsCommand } from './stats.command.js';
import { visitCommand } from './visit.command.js';

/** Every slash command Joren answers; a new command is one more file and one more line here. */
const commands: SlackCommand[] = [
  customerCommand,
  forgetCommand,
  jorenCommand,
  lapsedCommand,
  statsCommand,
  visitCommand,
  broadcastCommand,
];

export const commandsByName = new Map<string, SlackCommand>(
  commands.map((command) => [command.name, command]),
);
