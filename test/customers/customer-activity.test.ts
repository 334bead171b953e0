import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ACTIVITY_CAPS,
  activityIds,
  addActivity,
  startActivity,
} from '../../src/customers/customer-activity.js';
import { loadCustomerProfile } from '../../src/customers/customer-profile.js';
import { loadAudienceOfOne } from '../../src/outreach/audience.js';
import { openEpisodes } from '../../scheduler/jobs/lapse-episodes.js';
import { CustomerSim, onboardedFriend } from '../support/customer-sim.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { recordDriverCalls } from '../support/driver-calls.js';

const DAY = 86_400_000;

interface Operation {
  collection: string;
  method: string;
  filter: unknown;
}

/** Every read, update and delete the driver is asked for, with its filter. */
function recordOperations() {
  const recorder = recordDriverCalls([
    'find',
    'findOne',
    'findOneAndUpdate',
    'findOneAndDelete',
    'updateOne',
    'updateMany',
    'deleteOne',
    'deleteMany',
    'replaceOne',
    'countDocuments',
  ]);
  const operations = (): Operation[] =>
    recorder.calls.map(({ collection, method, args }) => ({ collection, method, filter: args[0] ?? {} }));
  return { operations, stop: recorder.stop };
}

/** Collections that grow with a shop's history: a hot path reads them by `_id` only. */
const growing = [
  'winBacks',
  'agendaJobs',
  'sendLedger',
  'outreachSkips',
  'messages',
  'surveys',
  'complaintCases',
  'customerActivity',
];

function scans(seen: Operation[]): Operation[] {
  return seen.filter(
    (op) =>
      growing.includes(op.collection) &&
      JSON.stringify(Object.keys(op.filter as object)) !== JSON.stringify(['_id']),
  );
}

describe('customer activity: check-in, unfollow, card, audience of one and explain read by _id', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-03-14T14:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a follower’s check-in, card, explanation and unfollow read nothing but _ids', async () => {
    const sim = new CustomerSim(t, '平坦 花子');
    await sim.follow();
    await sim.say('こんにちは');
    const now = t.clock.now();
    const episodeId = `${sim.userId}:2027-02-01`;
    await openEpisodes(t.context.models, [
      { episodeId, customerId: sim.userId, lapsedAt: new Date(now.getTime() - 40 * DAY) },
    ]);
    await t.context.models.WinBack.updateOne(
      { _id: episodeId },
      { $set: { checkInSentAt: new Date(now.getTime() - 5 * DAY) } },
    );
    const { message } = await t.context.flows.checkIns.today();

    const recorder = recordOperations();
    let card: Awaited<ReturnType<typeof loadCustomerProfile>> = null;
    let explanation, audience;
    try {
      await sim.say(message);
      await t.settleAll();
      card = await loadCustomerProfile(t.context.models, sim.userId);
      // The card as staff open it: /customer with the customer's id.
      expect((await t.command(t.staff, '/customer', sim.userId)).text).toContain('こんにちは');
      const customer = (await t.context.models.Customer.findById(sim.userId).lean())!;
      audience = await loadAudienceOfOne(t.context.models, customer, t.clock.now(), 'Asia/Tokyo', 400);
      explanation = await t.context.scheduler.explain(sim.userId);
      expect((await t.context.scheduler.followUpsOf(sim.userId)).map((job) => job.name).sort()).toEqual([
        'post-visit-survey',
        'post-visit-thanks',
      ]);
      await sim.unfollow();
      await t.settleAll();
    } finally {
      recorder.stop();
    }
    expect(scans(recorder.operations())).toEqual([]);
    expect(recorder.operations().some((op) => op.collection === 'customerActivity')).toBe(true);

    // What the reads found is what the records say.
    expect((await t.context.models.WinBack.findById(episodeId).lean())?.outcome).toBe('won-back');
    expect(card?.recentMessages.map((m) => m.direction)).toContain('in');
    expect(card?.recentMessages.some((m) => m.text === 'こんにちは')).toBe(true);
    expect(audience.customers[0]?._id).toBe(sim.userId);
    expect(explanation).toBeDefined();
    expect(await t.context.scheduler.followUpsOf(sim.userId)).toEqual([]);
    expect(
      await t.context.db.connection
        .db!.collection('agendaJobs')
        .countDocuments({ 'data.customerId': sim.userId }),
    ).toBe(0);
  });

  it('a customer from before the activity document: read once from the collections, then by _id', async () => {
    const sim = await onboardedFriend(t, '以前 太郎');
    const { Message, ComplaintCase, SendLedger, OutreachSkip, WinBack } = t.context.models;
    const now = t.clock.now();
    await Message.create({
      _id: 'in:before-1',
      customerId: sim.userId,
      direction: 'in',
      via: 'webhook',
      type: 'text',
      text: '前からの客です',
      summary: '前からの客です',
      status: 'received',
      at: new Date(now.getTime() - DAY),
    });
    await ComplaintCase.create({ customerId: sim.userId, trigger: 'staff', status: 'open', openedAt: now });
    await SendLedger.create({
      _id: `seasonal:spring-2027:${sim.userId}`,
      customerId: sim.userId,
      kind: 'seasonal',
      period: 'spring-2027',
      runKey: 'seasonal:2027-03-01',
      batchId: 'b1',
      via: 'push',
      at: new Date(now.getTime() - 10 * DAY),
    });
    await OutreachSkip.create({
      _id: `regular:2027-03:${sim.userId}@2027-03-14`,
      customerId: sim.userId,
      kind: 'regular',
      period: '2027-03',
      reason: 'frequency-cap',
      runKey: 'regular:2027-03-14',
      at: now,
    });
    await WinBack.create({
      _id: `${sim.userId}:2026-12-01`,
      customerId: sim.userId,
      lapsedAt: new Date(now.getTime() - 100 * DAY),
      outcome: 'pending',
    });
    const customer = (await t.context.models.Customer.findById(sim.userId).lean())!;
    const read = async () => ({
      card: await loadCustomerProfile(t.context.models, sim.userId),
      audience: await loadAudienceOfOne(t.context.models, customer, now, 'Asia/Tokyo', 400),
      explanation: await t.context.scheduler.explain(sim.userId),
    });

    const first = await read();
    const recorder = recordOperations();
    let second;
    try {
      second = await read();
    } finally {
      recorder.stop();
    }
    expect(scans(recorder.operations())).toEqual([]);
    for (const seen of [first, second]) {
      expect(seen.card!.recentMessages.map((m) => m.text)).toEqual(['前からの客です']);
      expect(seen.card!.openCases).toHaveLength(1);
      expect(seen.audience.openComplaints.has(sim.userId)).toBe(true);
      expect(seen.audience.ledger.map((entry) => entry._id)).toEqual([`seasonal:spring-2027:${sim.userId}`]);
      expect(seen.explanation!.recorded).toEqual([{ kind: 'regular', reason: 'frequency-cap', at: now }]);
    }
  });

  it('a list only grows until read: the reader trims it to its cap, oldest first', async () => {
    const { models } = t.context;
    const customerId = 'U-trim-0000000000000000000000000000';
    await startActivity(models, customerId);
    for (let i = 0; i < ACTIVITY_CAPS.messages + 15; i++)
      await addActivity(models, customerId, 'messages', [`m${i}`]);
    const none = () => Promise.resolve([]);
    expect((await activityIds(models, customerId, { messages: none })).messages).toHaveLength(
      ACTIVITY_CAPS.messages + 15,
    );
    const kept = (await activityIds(models, customerId, { messages: none })).messages;
    expect(kept).toHaveLength(ACTIVITY_CAPS.messages);
    expect(kept[0]).toBe('m15');
    expect(kept.at(-1)).toBe(`m${ACTIVITY_CAPS.messages + 14}`);
  });

  it('/forget removes the activity document with the rest', async () => {
    const sim = new CustomerSim(t, '忘却 次郎');
    await sim.follow();
    await sim.say('よろしく');
    const lists = () => t.context.models.CustomerActivity.countDocuments({ customerId: sim.userId });
    expect(await lists()).toBeGreaterThan(0);
    await t.context.slack.erasure.forget(sim.userId, 'U0STAFF');
    expect(await lists()).toBe(0);
  });
});
