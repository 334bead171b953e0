import { formatPhone } from '../../customers/phone-number.js';
import type { TaskRow } from '../../customers/contact-tasks.js';
import type { Customer } from '../../db/models/index.js';
import { customerName } from '../blocks/customer-card.js';
import { kit, type Block } from '../blocks/kit.js';
import type { ReachText } from '../text/ops-text.js';
import { TASK_DONE, TASK_NOT_NEEDED } from './reach-actions.js';

export * from './reach-actions.js';

/** Block id of a task's buttons in the weekly list (the buttons give way to its state when pressed). */
export const taskBlockId = (taskId: string) => `task:${taskId}`.slice(0, 255);

/** One task of the weekly list: what to do, for whom, and 済 / 不要. */
export function taskBlocks(row: TaskRow, r: ReachText): Block[] {
  const name = customerName(row.customer);
  const line =
    row.task.kind === 'call'
      ? r.taskCall({ name, phone: row.customer.phone ? formatPhone(row.customer.phone) : '' })
      : r.taskCard({ name, due: (row.task.due ?? '').replace(/-/g, '/') });
  return [
    kit.section(line),
    kit.actions(
      taskBlockId(row.task._id),
      // Action ids are unique within a message: each task's buttons carry its id.
      kit.button(r.taskDone, `${TASK_DONE}:${row.task._id}`.slice(0, 255), row.task._id, {
        style: 'primary',
      }),
      kit.button(r.taskNotNeeded, `${TASK_NOT_NEEDED}:${row.task._id}`.slice(0, 255), row.task._id),
    ),
  ];
}

/** The name of a customer for a notice (escaped), or their id when the record is gone. */
export const nameOf = (customer: Customer | null | undefined, fallback: string) =>
  customer ? customerName(customer) : fallback;
