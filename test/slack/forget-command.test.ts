import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openComplaintForCustomer } from '../../flows/complaint.flow.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { startSlackTestApp, textOf, type SlackAnswer, type SlackTestApp } from '../support/slack-test-app.js';
import { packPayload, unpackPayload } from '../../src/db/models/outreach-batch.model.js';

type Json = Record<string, unknown>;

describe('/forget: a customer’s personal data deleted on request', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const friend = (displayName: string) =>
    onboardedFriend(t, displayName, {
      birthday: { month: 7, day: 7 },
      notes: [{ text: '甲殻類アレルギー', by: '田中', at: t.clock.now() }],
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
  const buttonOf = (answer: SlackAnswer, actionId: string) =>
    JSON.stringify(answer.visible.blocks ?? []).includes(`"action_id":"${actionId}"`);
  const press = (actionId: string, value: string) =>
    t.press(
      t.staff,
      { actionId, value },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );

  it('asks first, then deletes every record of the person and every copy Joren put in Slack; only anonymous counts remain', async () => {
    const sim = await friend('消去 太郎');
    const { models } = t.context;
    await sim.say('予約のキャンセルをお願いします');
    await t.settleAll();
    const visit = await models.Visit.create({
      customerId: sim.userId,
      at: t.clock.now(),
      menu: 'カット',
      amount: 4_400,
      source: 'staff',
    });
    await models.Survey.create({
      _id: visit._id,
      customerId: sim.userId,
      visitAt: visit.at,
      status: 'answered',
      rating: 2,
      ratedAt: t.clock.now(),
      comment: '待ち時間が長かった',
    });
    const customer = (await models.Customer.findById(sim.userId).lean())!;
    const complaint = await openComplaintForCustomer(t.context.flows, {
      customer,
      by: '店長',
      words: '待ち時間が長かった',
    });
    await models.WinBack.create({
      _id: `${sim.userId}:2025-01-01`,
      customerId: sim.userId,
      lapsedAt: t.clock.now(),
      outcome: 'replied',
      reason: 'other',
      replyText: '引っ越しました',
    });
    await models.LinkCode.create({
      _id: 'K7Q2M9',
      customerId: 'ext:pos:778',
      createdBy: '店長',
      createdAt: t.clock.now(),
      expiresAt: t.clock.now(),
      usedAt: t.clock.now(),
      usedBy: sim.userId,
    });
    // What the scheduler keeps of a customer: a ledger entry, a recorded skip, a batch's messages.
    const ledgerKey = `seasonal:2025-summer:${sim.userId}`;
    await models.SendLedger.create({
      _id: ledgerKey,
      customerId: sim.userId,
      kind: 'seasonal',
      period: '2025-summer',
      runKey: 'seasonal:2025-07-20',
      batchId: 'b1',
      via: 'push',
      at: t.clock.now(),
    });
    await models.OutreachSkip.create({
      _id: `skip:${sim.userId}`,
      customerId: sim.userId,
      kind: 'seasonal',
      period: '2025-summer',
      runKey: 'seasonal:2025-07-20',
      reason: 'frequency-cap',
      at: t.clock.now(),
    });
    const other = {
      key: 'seasonal:2025-summer:Uother',
      customerId: 'Uother',
      period: '2025-summer',
      messages: [{ type: 'text', text: 'ほか' }],
    };
    await models.OutreachBatch.create({
      _id: 'b1',
      runKey: 'seasonal:2025-07-20',
      kind: 'seasonal',
      via: 'push',
      recipients: 2,
      packed: packPayload({
        entries: [
          {
            key: ledgerKey,
            customerId: sim.userId,
            period: '2025-summer',
            messages: [{ type: 'text', text: '消去 太郎様、暑中お見舞い申し上げます。' }],
          },
          other,
        ],
      }),
      createdAt: t.clock.now(),
      released: [ledgerKey, other.key],
    });
    const otherScore = JSON.stringify(['Uother', 1, 1, 2]);
    await models.LapseScoreChunk.create([
      { _id: 's1:b3', scanId: 's1', rows: [JSON.stringify([sim.userId, 1, 1, 3]), otherScore].join('\n') },
      { _id: 's1:e0', scanId: 's1', rows: [`${sim.userId}:2025-01-01`, 'Uother:2025-02-01'].join('\n') },
    ]);
    await t.settleAll();
    const relayed = (await models.Message.findOne({ customerId: sim.userId, direction: 'in' }).lean())!
      .slack!;
    const thread = (await models.SlackThread.findOne({ customerId: sim.userId }).lean())!;
    const cardAt = (await models.ComplaintCase.findById(complaint._id).lean())!.slack!;
    expect(await everything()).toContain(sim.userId);

    // A staff member confirms some minutes later (inbox lease records go once they cannot matter).
    t.clock.advance(15 * 60_000);
    const asked = await t.command(t.staff, '/forget', '消去');
    expect(asked.text).toContain(`*消去 太郎*（${sim.userId}）の個人データをすべて削除します。`);
    expect(buttonOf(asked, 'forget:confirm')).toBe(true);
    expect(JSON.stringify(asked.visible.blocks)).toContain('"confirm":{');
    expect(await models.Customer.exists({ _id: sim.userId })).toBeTruthy();

    const done = await press('forget:confirm', sim.userId);
    expect(done.responses.map((r) => r.text)).toEqual([
      '⏳ 削除しています…',
      expect.stringMatching(/^🗑️ 消去 太郎 の個人データを削除しました。/),
    ]);

    const remains = await everything();
    for (const personal of [
      sim.userId,
      '消去 太郎',
      '甲殻類アレルギー',
      '予約のキャンセル',
      '待ち時間が長かった',
      '引っ越しました',
    ]) {
      expect(remains).not.toContain(personal);
    }
    const erasure = (await models.Erasure.find({}).lean()).find((e) => e._id.startsWith('forgotten:'))!;
    expect(erasure).toMatchObject({ requestedBy: t.staff.userId, finishedAt: expect.any(Date) });
    const anonymous = `forgotten:${erasure.token}`;
    expect(await models.Visit.findById(visit._id).lean()).toMatchObject({
      customerId: anonymous,
      menu: 'カット',
      amount: 4_400,
    });
    expect(await models.Survey.findById(visit._id).lean()).toMatchObject({
      customerId: anonymous,
      rating: 2,
    });
    expect(await models.ComplaintCase.findById(complaint._id).lean()).toMatchObject({
      customerId: anonymous,
      trigger: 'staff',
    });
    expect(await models.WinBack.findOne({ customerId: anonymous }).lean()).toMatchObject({
      outcome: 'replied',
      reason: 'other',
    });
    expect(await models.LinkCode.countDocuments({})).toBe(0);
    expect(await models.SendLedger.countDocuments({})).toBe(0);
    expect(await models.OutreachSkip.countDocuments({})).toBe(0);
    const batch = await models.OutreachBatch.findById('b1').lean();
    expect(batch && unpackPayload(batch.packed).entries).toEqual([other]);
    expect(batch?.released).toEqual([other.key]);
    expect((await models.LapseScoreChunk.findById('s1:b3').lean())?.rows).toBe(otherScore);
    expect((await models.LapseScoreChunk.findById('s1:e0').lean())?.rows).toBe('Uother:2025-02-01');
    expect(await t.context.slack.erasure.forgottenCount()).toBe(1);
    expect(await models.Erasure.countDocuments({ _id: `erasing:${sim.userId}` })).toBe(0);

    expect(t.slackFake.message(relayed.channel, relayed.ts)?.deleted).toBe(true);
    expect(t.slackFake.message(thread.channel, thread.ts)?.text).toBe('（ご依頼により削除されたお客様）');
    const cardText = textOf(t.slackFake.message(cardAt.channel, cardAt.ts) as unknown as Json);
    expect(cardText).toContain('（ご依頼により削除されたお客様）');
    expect(cardText).not.toContain('待ち時間');

    expect((await t.command(t.staff, '/customer', '消去')).text).toMatch(/見つかりませんでした/);
    expect((await press('forget:confirm', sim.userId)).text).toBe('このお客様はすでに削除されています。');
  });

  it('やめる cancels: nothing is deleted', async () => {
    const sim = await friend('取消 花子');
    await t.command(t.staff, '/forget', sim.userId);
    const cancelled = await press('forget:cancel', sim.userId);
    expect(cancelled.text).toBe('削除を取りやめました。');
    expect(await t.context.models.Customer.exists({ _id: sim.userId })).toBeTruthy();
  });

  it('several matches give a pick list; picking one asks to confirm for that one', async () => {
    const a = await friend('同名 一郎');
    await friend('同名 二郎');
    const byKanji = await t.command(t.staff, '/forget', '同名');
    expect(byKanji.text).toContain('「同名」に当てはまるお客様が 2 人います');
    const picked = await press(`forget:pick:${a.userId}`, a.userId);
    expect(picked.text).toContain(`*同名 一郎*（${a.userId}）の個人データをすべて削除します。`);
    expect(await t.context.models.Customer.countDocuments({ displayName: /^同名/ })).toBe(2);
  });

  it.each([
    ['no customer', ''],
    ['an operator object', '{"$gt": ""}'],
    ['$where', '{"$where": "true"}'],
  ])('with %s, deletes nothing and explains', async (_label, typed) => {
    const before = await t.context.models.Customer.countDocuments();
    const answer = await t.command(t.staff, '/forget', typed);
    expect(answer.text).toMatch(/^使い方: `\/forget|見つかりませんでした/);
    expect(buttonOf(answer, 'forget:confirm')).toBe(false);
    expect(await t.context.models.Customer.countDocuments()).toBe(before);
  });

  it('a forged confirm button (an operator for a value) deletes nothing', async () => {
    const before = await t.context.models.Customer.countDocuments();
    for (const value of ['{"$gt":""}', '', 'U' + 'z'.repeat(32)]) {
      expect((await press('forget:confirm', value)).text).toBe('このお客様はすでに削除されています。');
    }
    expect(await t.context.models.Customer.countDocuments()).toBe(before);
  });
});
