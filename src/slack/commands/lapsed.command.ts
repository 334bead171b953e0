import { lapsedArgs } from '../lapsed/lapsed-arguments.js';
import { lapsedView } from '../lapsed/lapsed-view.js';
import { defineCommand } from './command.js';

/**
 * `/lapsed [count] [--reason N] [--days N] [--page N]`: the lapsed customers, most likely gone first,
 * from the last lapse scan, with "send check-in now", "snooze 30 days" and "mark contacted" per
 * customer and "next" for the following page. `--reason` keeps customers whose check-in answer was
 * that reason (1 timing, 2 something went wrong, 3 circumstances changed, 4 other); `--days` keeps
 * customers whose last visit is at least that many days ago.
 */
export const lapsedCommand = defineCommand({
  name: '/lapsed',
  args: lapsedArgs,
  usage: (t) => t.usageLapsed,
  run: (args, call) => lapsedView(call, call, args),
});
