import { z } from 'zod';
import type { AudienceCustomer } from '../../src/outreach/audience.js';
import { touchpointNames } from '../../src/outreach/outreach-alerts.js';
import { shopDayOf } from '../../src/retention/shop-time.js';
import { winBackDue } from '../../src/retention/touchpoint-due.js';
import { defineJob, sendingBackoff } from '../job-definition.js';
import { lapseDigest } from './lapse-digest.js';
import { runTouchpoint } from './touchpoint-run.js';

/** A lapse episode that began within this many days counts as new (older ones are not checked in on). */
export const NEW_LAPSE_WINDOW_DAYS = 14;
/** Risk from which a customer counts as at risk in the digest. */
const AT_RISK = 0.7;

/**
 * The daily lapse scan: scores every customer with the lapse model, opens a WinBack episode for each
 * newly lapsed one (`_id` = customer and the day the lapse began, so once per episode), sends the
 * win-back check-in through the contact policy with the win-back flow's composer, and posts a digest.
 */
export const lapseScanJob = defineJob({
  id: 'lapse-scan',
  schema: z.object({ trigger: z.string().optional() }).nullish(),
  options: { concurrency: 1, lockLifetimeMs: 30 * 60_000, backoff: sendingBackoff(), priority: 30 },
  schedule: { kind: 'daily', at: (settings) => settings.morningTime, catchUpDays: 0 },
  async handler(ctx, _data, { day, now }) {
    const { models, lapseModel, policy } = ctx;
    const audience = await ctx.audience();
    const recent = await models.WinBack.find({
      lapsedAt: { $gte: new Date(now.getTime() - 60 * 86_400_000) },
    }).lean();
    const episodes = new Map(recent.map((episode) => [episode._id, episode]));
    let atRisk = 0;
    let lapsed = 0;
    const due: { customer: AudienceCustomer; episode: string; period: string; lapsedAt: Date }[] = [];
    for (const customer of audience.customers) {
      const assessment = lapseModel.assess(customer, now);
      if (assessment.risk >= AT_RISK) atRisk++;
      if (!assessment.lapsed || !assessment.lapsedSince) continue;
      lapsed++;
      const period = shopDayOf(assessment.lapsedSince, policy.timezone);
      const episode = `${customer._id}:${period}`;
      const known = episodes.get(episode);
      const check = winBackDue(assessment, known, now, NEW_LAPSE_WINDOW_DAYS, policy.timezone);
      if (check.due && !known?.checkInSentAt)
        due.push({ customer, episode, period, lapsedAt: assessment.lapsedSince });
    }
    const opened = due.filter((d) => !episodes.has(d.episode));
    if (opened.length > 0) {
      const docs = opened.map((d) => ({
        _id: d.episode,
        customerId: d.customer._id,
        lapsedAt: d.lapsedAt,
        outcome: 'pending',
      }));
      await models.WinBack.insertMany(docs, { ordered: false }).catch((error: unknown) => {
        if (!(typeof error === 'object' && error && 'writeErrors' in error)) throw error;
      });
    }

    let sent = 0;
    let skipped: Record<string, number> = {};
    let deferredUntil: Date | undefined;
    const composerMissing = !ctx.composers.has('win-back');
    if (due.length > 0 && !composerMissing) {
      const full = await Promise.all(due.map((d) => models.Customer.findById(d.customer._id).lean()));
      const candidates = due.flatMap((d, i) => {
        const customer = full[i];
        return customer ? [{ customer, period: d.period, ref: d.episode }] : [];
      });
      const { report, outcome } = await runTouchpoint(ctx, {
        kind: 'win-back',
        runKey: `win-back:${day}`,
        audience,
        candidates,
        onSent: async (delivery) => {
          await models.WinBack.updateOne({ _id: delivery.ref }, { $set: { checkInSentAt: ctx.clock.now() } });
        },
      });
      sent = report.sent;
      skipped = report.skipped;
      deferredUntil = outcome.deferredUntil;
    }
    const figures = {
      scanned: audience.customers.length,
      atRisk,
      lapsed,
      newlyLapsed: opened.length,
      checkInsSent: sent,
      skipped,
    };
    await models.LapseRun.replaceOne(
      { _id: day },
      { at: now, model: lapseModel.name, ...figures },
      { upsert: true },
    );
    await ctx.alerts.notify(
      lapseDigest(
        day,
        figures,
        opened.map((d) => d.customer),
        composerMissing ? touchpointNames['win-back'] : undefined,
      ),
    );
    return { deferredUntil };
  },
});
