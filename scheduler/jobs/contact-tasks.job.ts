import { z } from 'zod';
import { defineJob, JOB_LOCK_MS } from '../job-definition.js';
import { exponential } from 'agenda';

/** The weekly list goes out on Monday mornings (0 is Sunday). */
export const CONTACT_TASKS_WEEKDAY = 1;

/**
 * Weekly, Monday at the shop's morning time: tasks instead of pushes for customers LINE cannot reach
 * (import-only, or blocked) — a call to those who have lapsed and have a phone number, a birthday
 * card to those with an address whose birthday is within two weeks — posted in the staff channel with
 * 済 / 不要 buttons. Open tasks carry over to the next list. It runs every morning and acts on Mondays
 * (the scheduler's occurrences are daily), so a Monday missed while Joren was down is made up for.
 */
export const contactTasksJob = defineJob({
  id: 'contact-tasks',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: {
    concurrency: 1,
    lockLifetimeMs: JOB_LOCK_MS,
    backoff: exponential({ delay: 60_000, maxRetries: 3 }),
    priority: 15,
  },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 1 },
  async handler(ctx, _data, { day }) {
    if (new Date(`${day}T00:00:00Z`).getUTCDay() !== CONTACT_TASKS_WEEKDAY) return;
    const tasks = await ctx.reach.contactTasks.plan(day, await ctx.lapse.all());
    await ctx.reach.notices.contactTasks({ day, tasks });
  },
});
