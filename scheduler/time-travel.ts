import type { AgendaJobs } from './agenda-jobs.js';
import type { JobDefinition } from './job-definition.js';

/**
 * Runs, at the injected clock's `now`, what Agenda would have run had that time passed: jobs in
 * priority order — each recurring job's due occurrences, each one-off job whose time has come — and
 * then whatever the pass itself scheduled for now or earlier (a rerun after quiet hours, say). A
 * one-off job that fails stays due for the next pass, as an Agenda retry would.
 */
export async function runDueJobs(
  jobs: readonly JobDefinition<unknown>[],
  stored: AgendaJobs,
  attempt: (job: JobDefinition<unknown>, data: unknown) => Promise<boolean>,
  now: Date,
): Promise<void> {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const tried = new Set<string>();
  const runStored = async (names: string[]) => {
    for (;;) {
      const due = (await stored.due(now, names)).filter((job) => !tried.has(String(job._id)));
      if (due.length === 0) return;
      for (const job of due) {
        tried.add(String(job._id));
        if (await attempt(byId.get(job.name)!, job.data)) await stored.remove(job);
      }
    }
  };
  for (const job of [...jobs].sort((a, b) => b.options.priority - a.options.priority)) {
    if (job.schedule.kind === 'once') await runStored([job.id]);
    else await attempt(job, null);
  }
  await runStored([...byId.keys()]);
}
