import { DAY_MS } from '../../src/retention/shop-time.js';
import { exponential } from 'agenda';
import { z } from 'zod';
import { defineJob, JOB_LOCK_MS } from '../job-definition.js';
import { trimActivity } from '../../src/customers/customer-activity.js';
import type { CustomerActivity, Models } from '../../src/db/models/index.js';

/** Birthday ledger entries guard "once a year" (even if the birthday is edited), so they stay a year. */
const BIRTHDAY_LEDGER_DAYS = 400;
/** Every other ledger key is only ever reused within its period (at most a season), so 90 days do. */
const LEDGER_DAYS = 90;

/**
 * Nightly: removes what the send ledger, batches, skips and run markers no longer need, trims the
 * customers' activity documents, and removes parked webhook events (which hold a customer's message)
 * older than PARKED_EVENT_RETENTION_DAYS. These
 * deletes scan their collections on FerretDB, which is fine once a night.
 */
export const housekeepingJob = defineJob({
  id: 'housekeeping',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: {
    concurrency: 1,
    lockLifetimeMs: JOB_LOCK_MS,
    backoff: exponential({ delay: 600_000, maxRetries: 2 }),
    priority: 0,
  },
  schedule: { kind: 'daily', at: () => '04:00', catchUpDays: 0 },
  async handler(ctx, _data, { now }) {
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const { models } = ctx;
    const removed = {
      ledger: (
        await models.SendLedger.deleteMany({ kind: { $ne: 'birthday' }, at: { $lt: before(LEDGER_DAYS) } })
      ).deletedCount,
      birthdays: (
        await models.SendLedger.deleteMany({ kind: 'birthday', at: { $lt: before(BIRTHDAY_LEDGER_DAYS) } })
      ).deletedCount,
      batches: (await models.OutreachBatch.deleteMany({ createdAt: { $lt: before(30) } })).deletedCount,
      skips: (await models.OutreachSkip.deleteMany({ at: { $lt: before(LEDGER_DAYS) } })).deletedCount,
      runs: (await models.JobRun.deleteMany({ at: { $lt: before(LEDGER_DAYS) } })).deletedCount,
      plannedRuns: (await models.PlannedRun.deleteMany({ at: { $lt: before(LEDGER_DAYS) } })).deletedCount,
      parkedEvents: (
        await models.InboxEvent.deleteMany({
          status: 'parked',
          parkedAt: { $lt: before(ctx.config.retention.parkedEventDays) },
        })
      ).deletedCount,
    };
    ctx.log.info(
      { ...removed, activityTrimmed: await trimAllActivity(models) },
      'scheduler housekeeping done',
    );
  },
});

/**
 * Trims every customer's activity document to its caps: writers of many customers at once (a run's
 * sends and skips) only add, so a customer nobody looks at is trimmed here, once a night.
 */
async function trimAllActivity(models: Pick<Models, 'CustomerActivity'>): Promise<number> {
  let trimmed = 0;
  const cursor = models.CustomerActivity.find({}).lean<CustomerActivity[]>().batchSize(1_000).cursor();
  for await (const doc of cursor as unknown as AsyncIterable<CustomerActivity>) {
    if (await trimActivity(models, doc)) trimmed++;
  }
  return trimmed;
}
