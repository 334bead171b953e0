import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

describe('/forget erases phone, e-mail, address, tags, check-ins, tasks and proposals everywhere', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-01-04T11:00:00+09:00') });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Every document of every collection, as text. */
  const everything = async () => {
    const db = t.context.db.connection.db!;
    const dump: string[] = [];
    for (const { name } of await db.listCollections().toArray()) {
      dump.push(JSON.stringify(await db.collection(name).find({}).toArray()));
    }
    return dump.join('\n');
  };

  it('leaves nothing that leads back to the person, in the database or in the staff channel', async () => {
    const { models } = t.context;
    await models.Customer.create({
      _id: 'ext:pos:E1',
      status: 'unlinked',
      displayName: '履歴 消去',
      phone: '09098765432',
      externalIds: ['pos:E1'],
    });
    await models.PhoneIndex.create({ _id: '09098765432', customerIds: ['ext:pos:E1'] });
    const sim = await onboardedFriend(t, '消去 花子', {
      tags: ['常連'],
      email: 'hanako@example.jp',
      postalCode: '150-0001',
      address: '東京都渋谷区神宮前9-9-9',
    });
    await sim.say((await t.context.flows.checkIns.today()).message);
    await sim.say('電話番号で登録');
    await sim.say('090-9876-5432');
    await models.ContactTask.create({
      _id: `call:${sim.userId}:2026-12-01`,
      customerId: sim.userId,
      kind: 'call',
      status: 'done',
      listedOn: '2026-12-07',
      createdAt: t.clock.now(),
      doneAt: t.clock.now(),
    });
    await t.settleAll();
    const customer = (await models.Customer.findById(sim.userId).lean())!;
    expect(customer.checkInToken).toMatch(/^[0-9a-f]{16}$/);
    const notices = t.slackFake
      .channelMessages(t.staffChannel)
      .filter((m) => textOf(m as never).includes('消去 花子'));
    expect(notices.length).toBe(2); // the check-in and the phone match

    // Records of inbox leases younger than ten minutes are kept a little (docs/privacy.md).
    t.clock.advance(11 * 60_000);
    const result = await t.context.slack.erasure.forget(sim.userId, 'U0STAFF');
    expect(result?.counts).toMatchObject({
      slackNotices: 2,
      contactTasks: 1,
      linkProposals: 1,
      phoneIndex: 1,
    });

    const dump = await everything();
    // (The number stays on the imported record it matched: that record is not the friend's until joined.)
    for (const trace of [sim.userId, '消去 花子', 'hanako@example.jp', '神宮前9-9-9'])
      expect(dump).not.toContain(trace);
    // The check-in token in the kept visit's key was random and is stored with nothing else now.
    expect(dump.split(customer.checkInToken!).length - 1).toBe(1);
    // The visit stays for the shop's figures, under an anonymous id; the history record is untouched.
    expect(await models.Visit.countDocuments({ source: 'check-in', customerId: /^forgotten:/ })).toBe(1);
    expect(await models.PhoneIndex.findById('09098765432').lean()).toEqual({
      _id: '09098765432',
      customerIds: ['ext:pos:E1'],
    });
    for (const notice of notices) expect(t.slackFake.message(t.staffChannel, notice.ts)?.deleted).toBe(true);
  });
});
