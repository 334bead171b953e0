import { afterEach, describe, expect, it } from '@jest/globals';
import type { ComposeInput } from '../../src/outreach/touchpoints.js';
import { clockAt, friend, RecordingStaffAlerts, tokyo, travel } from '../support/scheduler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('post-visit follow-ups', () => {
  const running: TestApp[] = [];
  const start = async (iso: string, env: Record<string, string> = {}, alerts?: RecordingStaffAlerts) => {
    const t = await startTestApp({
      clock: clockAt(iso),
      env: { SEASONAL_GREETINGS: 'none', ...env },
      ...(alerts ? { staffAlerts: alerts } : {}),
    });
    running.push(t);
    // The survey flow registers the real composer; this one records what it was asked for.
    const asked: ComposeInput[] = [];
    t.context.touchpoints.register('post-visit-survey', {
      compose: (input) => {
        asked.push(input);
        return Promise.resolve([{ type: 'text', text: `アンケート ${input.ref}` }]);
      },
      onSent: async (input) => {
        await t.context.models.Survey.updateOne(
          { _id: input.ref },
          { $set: { status: 'sent', sentAt: input.now } },
        );
      },
    });
    return { t, asked };
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  const recordVisit = async (t: TestApp, customerId: string, at: Date, menu?: string) => {
    const visit = await t.context.models.Visit.create({
      customerId,
      at,
      source: 'staff',
      ...(menu ? { menu } : {}),
    });
    await t.context.scheduler.schedulePostVisit(visit);
    return visit;
  };

  it('thanks the next day at 10:00 naming the menu, and sends the survey a week later', async () => {
    const { t, asked } = await start('2027-11-03T15:00:00+09:00');
    const user = await friend(t, { displayName: '来店 花子', marketingOptOut: true });
    const visit = await recordVisit(t, user, tokyo('2027-11-03', '14:00'), 'カット');
    await t.context.models.Survey.create({
      _id: visit._id,
      customerId: user,
      visitAt: visit.at,
      status: 'scheduled',
    });
    await t.context.scheduler.schedulePostVisit(visit); // recorded twice: scheduled once

    await travel(t, tokyo('2027-11-04', '09:59'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-11-04', '10:00'));
    expect(t.fake.textsTo(user)).toEqual([
      '来店 花子様、昨日はサロン常連で「カット」をご利用いただき、誠にありがとうございました。\nその後いかがでしょうか。気になることがございましたら、こちらからお気軽にご連絡ください。',
    ]);
    await travel(t, tokyo('2027-11-10', '09:59'));
    expect(t.fake.textsTo(user)).toHaveLength(1);
    await travel(t, tokyo('2027-11-10', '10:00'));
    expect(t.fake.textsTo(user)).toEqual([expect.any(String), `アンケート ${visit._id}`]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ ref: visit._id, customer: { _id: user } });
    expect(await t.context.models.Survey.findById(visit._id).lean()).toMatchObject({ status: 'sent' });
    const log = await t.context.models.Message.find({ customerId: user }).sort({ at: 1 }).lean();
    expect(log.map((m) => [m.purpose, m.status, m.via])).toEqual([
      ['post-visit-thanks', 'sent', 'push'],
      ['post-visit-survey', 'sent', 'push'],
    ]);
  });

  it('nothing after the visit is deleted, or once the customer blocked the shop (via the webhook)', async () => {
    const { t } = await start('2027-11-03T15:00:00+09:00');
    const deleted = await friend(t);
    const blocking = await friend(t);
    const gone = await recordVisit(t, deleted, tokyo('2027-11-03', '13:00'));
    await recordVisit(t, blocking, tokyo('2027-11-03', '13:00'));
    await t.context.models.Visit.deleteOne({ _id: gone._id });
    expect(await t.context.scheduler.cancelPostVisit(gone._id)).toBe(2);
    expect((await t.line.send(t.line.unfollow(blocking))).status).toBe(200);
    await t.settle();
    expect(await t.context.scheduler.followUpsOf(blocking)).toEqual([]);
    await travel(t, tokyo('2027-11-11', '12:00'));
    expect(t.fake.deliveries).toHaveLength(0);
  });

  it('a deleted visit whose jobs were not cancelled sends nothing (the composer finds no visit)', async () => {
    const { t } = await start('2027-11-03T15:00:00+09:00');
    const user = await friend(t);
    const visit = await recordVisit(t, user, tokyo('2027-11-03', '13:00'));
    await t.context.models.Visit.deleteOne({ _id: visit._id });
    await travel(t, tokyo('2027-11-04', '10:00'));
    expect(t.fake.textsTo(user)).toEqual([]);
  });

  it('imported history schedules nothing; a visit recorded late still gets its thanks right away', async () => {
    const { t } = await start('2027-11-10T12:00:00+09:00');
    const old = await friend(t);
    const late = await friend(t);
    await recordVisit(t, old, tokyo('2027-10-01', '13:00'));
    await recordVisit(t, late, tokyo('2027-11-08', '18:00'));
    expect(await t.context.scheduler.followUpsOf(old)).toEqual([]);
    await travel(t, tokyo('2027-11-10', '12:01'));
    expect(t.fake.textsTo(late)).toEqual([expect.stringContaining('先日はサロン常連をご利用いただき')]);
  });

  it('a follow-up time inside the quiet hours waits for their end', async () => {
    const { t } = await start('2027-11-03T15:00:00+09:00', { POST_VISIT_TIME: '07:30' });
    const user = await friend(t);
    await recordVisit(t, user, tokyo('2027-11-03', '13:00'));
    await travel(t, tokyo('2027-11-04', '07:30'));
    await travel(t, tokyo('2027-11-04', '08:59'));
    expect(t.fake.textsTo(user)).toEqual([]);
    await travel(t, tokyo('2027-11-04', '09:00'));
    expect(t.fake.textsTo(user)).toHaveLength(1);
  });

  it('without a survey composer staff are told, and nothing is sent', async () => {
    const alerts = new RecordingStaffAlerts();
    const t = await startTestApp({ clock: clockAt('2027-11-03T15:00:00+09:00'), staffAlerts: alerts });
    running.push(t);
    t.context.touchpoints.unregister('post-visit-survey');
    const user = await friend(t);
    await recordVisit(t, user, tokyo('2027-11-03', '13:00'));
    await travel(t, tokyo('2027-11-10', '10:00'));
    expect(t.fake.textsTo(user)).toHaveLength(1);
    expect(alerts.alerts.find((a) => a.topic === 'composer-missing')?.title.ja).toContain('来店後アンケート');
  });
});
