import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  disclosureSections,
  NOT_DISCLOSED,
  type CustomerDisclosure,
} from '../../src/customers/customer-disclosure.js';
import { onboardedFriend, type CustomerSim } from '../support/customer-sim.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

describe('a disclosure request: 「データを書き出す」 sends staff everything Joren holds about a customer', () => {
  let t: SlackTestApp;
  let sim: CustomerSim;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-05-10T11:00:00+09:00') });
    const { models } = t.context;
    await models.Customer.create({
      _id: 'ext:pos:D1',
      status: 'unlinked',
      displayName: '開示 ゆき（POS）',
      phone: '09012120000',
      externalIds: ['pos:D1'],
    });
    sim = await onboardedFriend(t, '開示 ゆき', {
      callName: 'ゆき',
      birthday: { month: 7, day: 7 },
      tags: ['常連'],
      notes: [{ text: 'カラーはいつも明るめ', by: 'tanaka', at: t.clock.now() }],
      externalIds: ['pos:D1'],
    });
    await models.Customer.updateOne({ _id: 'ext:pos:D1' }, { $set: { linkedTo: sim.userId } });
    await sim.say('来週カットの予約をお願いします');
    await models.Visit.create({ customerId: sim.userId, at: t.clock.now(), menu: 'カット', source: 'staff' });
    await models.Wish.create({
      _id: `wish:${sim.userId}:1`,
      customerId: sim.userId,
      theme: 'service',
      text: 'ヘッドスパがほしい',
      at: t.clock.now(),
    });
    await t.settleAll();
  });
  afterAll(async () => {
    await t.stop();
  });

  const uploadsTo = (channel: string) =>
    [...t.slackFake.uploads.values()].filter((u) => u.completed && u.channel === channel);
  const dmOf = (userId: string) => `D${userId.slice(1)}`;
  const fileIn = (channel: string) =>
    JSON.parse(uploadsTo(channel).at(-1)!.bytes!.toString('utf8')) as CustomerDisclosure;

  it('the card has the button; pressing it sends the JSON to the presser’s DM, never the channel', async () => {
    const card = await t.command(t.staff, '/customer', sim.userId);
    expect(card.text).toContain('データを書き出す');
    const answer = await t.press(
      t.staff,
      { actionId: 'customer:export', value: sim.userId },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );
    expect(answer.text).toBe('📄 開示 ゆき（ゆき）様のデータを書き出し、あなたへの DM に送りました。');
    expect(uploadsTo(t.staffChannel)).toEqual([]);
    const upload = uploadsTo(dmOf(t.staff.userId)).at(-1)!;
    expect(upload.initialComment).toContain('個人情報の開示請求用');
    const file = fileIn(dmOf(t.staff.userId));
    expect(file.customerId).toBe(sim.userId);
    expect(Object.keys(file.sections)).toEqual(disclosureSections);
    const text = JSON.stringify(file);
    for (const held of [
      '開示 ゆき',
      'ゆき',
      'カラーはいつも明るめ',
      '来週カットの予約をお願いします',
      'ヘッドスパがほしい',
      '常連',
      '09012120000',
      '開示 ゆき（POS）',
    ]) {
      expect(text).toContain(held);
    }
    expect(file.sections.customer![0]).toMatchObject({ birthday: { month: 7, day: 7 } });
    expect(file.sections.visits).toHaveLength(1);
    expect(file.sections.importedRecords).toHaveLength(1);
    expect(file.sections.messages!.length).toBeGreaterThanOrEqual(2); // theirs and the shop's answer
  });

  it('/joren export <name> does the same; someone not staff gets nothing', async () => {
    const answer = await t.command(t.staff, '/joren', 'export ゆき');
    expect(answer.text).toContain('DM に送りました');
    const before = t.slackFake.uploads.size;
    const guest = t.slackFake.addUser({ name: 'guest', isRestricted: true });
    const refused = await t.press(
      { userId: guest },
      { actionId: 'customer:export', value: sim.userId },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );
    expect(refused.text).toMatch(/^申し訳ありません。/);
    expect(t.slackFake.uploads.size).toBe(before);
  });

  it('every step of /forget has its section in the disclosure (the two lists cannot drift)', async () => {
    t.clock.advance(11 * 60_000);
    const other = await onboardedFriend(t, '全部 消す');
    const result = await t.context.slack.erasure.forget(other.userId, 'U0STAFF');
    const steps = Object.keys(result!.counts);
    expect(steps.length).toBeGreaterThan(15);
    const covered = new Set<string>([...disclosureSections, ...NOT_DISCLOSED]);
    expect(steps.filter((step) => !covered.has(step))).toEqual([]);
  });
});
