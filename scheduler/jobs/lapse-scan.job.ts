import { z } from 'zod';
import { currentLapseScan, runLapseScan } from '../../src/analytics/lapse-scan.js';
import { touchpointNames } from '../../src/outreach/outreach-alerts.js';
import { DAY_MS, shopCalendar, shopDayOf } from '../../src/retention/shop-time.js';
import { defineJob, sendingBackoff, JOB_LOCK_MS } from '../job-definition.js';
import { lapseDigest, type LapseFigures } from './lapse-digest.js';
import { dueCheckIns, episodeFromId, openEpisodes, type EpisodeRef } from './lapse-episodes.js';
import { runTouchpoint } from './touchpoint-run.js';

/** A lapse episode that began within this many days counts as new (older ones are not checked in on). */
export const NEW_LAPSE_WINDOW_DAYS = 14;

/**
 * The daily lapse scan. `runLapseScan` refits BG/NBD on every visit and stores the scores /lapsed and
 * /stats read; with too little history to trust a fit (fewer than 30 customers with visits or 10
 * repeat customers) it scores by the overdue rule on each customer's own interval instead, and the
 * digest says so. Each episode that began since the last scan gets a WinBack document (`_id` =
 * customer and the day the lapse began, so once per episode); the check-in goes through the contact
 * policy with the win-back flow's composer to open episodes of the last 14 days that staff have not
 * snoozed (`snoozedUntil`) or marked contacted (`contactedAt`); then staff get the digest.
 */
export const lapseScanJob = defineJob({
  id: 'lapse-scan',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: JOB_LOCK_MS, backoff: sendingBackoff(), priority: 30 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day, now }) {
    const { models, policy, log } = ctx;
    const zone = policy.timezone;
    // The last scan's episodes, in case a crash came between that scan and opening its episodes
    // (the new scan no longer counts them as new). Only those a check-in could still go to.
    const previous = await currentLapseScan(models);
    const midnights = new Map<string, Date>();
    const inWindow = withinWindow(now, zone);
    const carried = (previous?.newEpisodeIds ?? [])
      .map((id) => episodeFromId(id, zone, midnights))
      .filter((e): e is EpisodeRef => e !== undefined && inWindow(e));
    const scan = await runLapseScan({ models, calendar: shopCalendar(zone), now, log });
    if (!scan) {
      log.warn({ day }, 'lapse scan already running in another process; this run does nothing');
      return;
    }
    const opened = await openEpisodes(models, [...scan.newEpisodes, ...carried]);

    let sent = 0;
    let skipped: Record<string, number> = {};
    let deferredUntil: Date | undefined;
    const composerMissing = !ctx.composers.has('win-back');
    const due = composerMissing ? [] : await dueCheckIns(models, now, NEW_LAPSE_WINDOW_DAYS, zone);
    if (due.length > 0) {
      const { report, outcome } = await runTouchpoint(ctx, {
        kind: 'win-back',
        runKey: `win-back:${day}`,
        audience: await ctx.audience(),
        candidates: due.map((d) => ({ customer: d.customer, period: d.period, ref: d.episode._id })),
        onSent: async (delivery) => {
          await models.WinBack.updateOne({ _id: delivery.ref }, { $set: { checkInSentAt: ctx.clock.now() } });
        },
      });
      sent = report.sent;
      skipped = report.skipped;
      deferredUntil = outcome.deferredUntil;
    }
    const figures: LapseFigures = {
      method: scan.method,
      fallbackReason: scan.fallbackReason,
      scanned: scan.counts.customers,
      lapsed: scan.counts.lapsed,
      newlyLapsed: opened.length,
      checkInsSent: sent,
      skipped,
    };
    const { method, fallbackReason, ...counts } = figures;
    await models.LapseRun.replaceOne(
      { _id: day },
      {
        at: now,
        model: method,
        scanId: scan.scanId,
        ...(fallbackReason ? { fallbackReason } : {}),
        ...counts,
      },
      { upsert: true },
    );
    const named = await Promise.all(
      opened
        .slice(0, 10)
        .map((e) => models.Customer.findById(e.customerId, { callName: 1, displayName: 1 }).lean()),
    );
    await ctx.alerts.notify(
      lapseDigest(
        day,
        figures,
        named.filter((c) => c !== null),
        opened.length,
        composerMissing ? touchpointNames['win-back'] : undefined,
      ),
    );
    return { deferredUntil };
  },
});

/** Whether an episode began within the window (episodes share few start days: each is worked out once). */
function withinWindow(now: Date, zone: string): (episode: EpisodeRef) => boolean {
  const limit = shopDayOf(new Date(now.getTime() - NEW_LAPSE_WINDOW_DAYS * DAY_MS), zone);
  const began = new Map<number, string>();
  return (episode) => {
    const at = episode.lapsedAt.getTime();
    let day = began.get(at);
    if (day === undefined) began.set(at, (day = shopDayOf(episode.lapsedAt, zone)));
    return day >= limit;
  };
}
