import { z } from 'zod';
import { kit } from '../blocks/kit.js';
import type { ButtonHandler } from '../interactions.js';
import { reachTextFor } from '../text/ops-text.js';
import { TASK_DONE, TASK_NOT_NEEDED, taskBlockId } from './reach-blocks.js';

const taskId = z.string().regex(/^(call:[^\s]{1,120}|card:\d{4}:[^\s]{1,100})$/);

/** 済 / 不要 on the weekly contact tasks: recorded, and the task's buttons give way to who did what. */
export const taskButtons: ButtonHandler[] = (['done', 'not-needed'] as const).map((status) => ({
  actionId: new RegExp(`^${status === 'done' ? TASK_DONE : TASK_NOT_NEEDED}:`),
  async run(press) {
    const r = reachTextFor(press.t);
    const id = taskId.safeParse(press.value);
    if (!id.success) return;
    const by = await press.slack.staff.nameOf(press.member.userId);
    const row = await press.services.reach.contactTasks.complete(id.data, status, by);
    if (!row || !press.message) return;
    const state = r.taskMarked({
      state: row.task.status === 'done' ? r.taskStateDone : r.taskStateNotNeeded,
      by: row.task.doneBy ?? by,
    });
    const blockId = taskBlockId(id.data);
    const blocks = press.message.blocks.map((block) =>
      (block as { block_id?: string }).block_id === blockId ? kit.context(state) : block,
    );
    await press.slack.web.chat.update({
      channel: press.message.channel,
      ts: press.message.ts,
      text: state,
      blocks: blocks as never[],
    });
  },
}));
