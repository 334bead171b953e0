import { formatPhone } from '../../customers/phone-number.js';
import type { TaskRow } from '../../customers/contact-tasks.js';
import type { Customer } from '../../db/models/index.js';
import { customerName } from '../blocks/customer-card.js';
import { kit, type Block } from '../blocks/kit.js';
import type { ReachText } from '../text/ops-text.js';

export const UNDO_CHECK_IN = 'checkin:undo';
export const SEND_CHECK_IN_QR = 'checkin:qr';
export const LINK_HISTORY = 'link:issue';
export const PHONE_LINK = 'phone:link';
export const PHONE_REJECT = 'phone:reject';
export const TASK_DONE = 'task:done';
export const TASK_NOT_NEEDED = 'task:skip';
export const EDIT_TAGS = 'customer:tags';
export const OPEN_COMPLAINT = 'customer:complaint';
export const CASE_STEP = 'case:step';

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
      kit.button(r.taskDone, TASK_DONE, row.task._id, { style: 'primary' }),
      kit.button(r.taskNotNeeded, TASK_NOT_NEEDED, row.task._id),
    ),
  ];
}

/** The name of a customer for a notice (escaped), or their id when the record is gone. */
export const nameOf = (customer: Customer | null | undefined, fallback: string) =>
  customer ? customerName(customer) : fallback;
