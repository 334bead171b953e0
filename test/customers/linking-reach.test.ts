import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { runLapseScan } from '../../src/analytics/lapse-scan.js';
import { readCustomerScore } from '../../src/analytics/lapsed-customers.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { decodeQr } from '../support/qr.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const POS_EXPORT = [
  '会員番号,来店日,お名前,金額,メニュー,電話番号,メール,郵便番号,住所',
  'P100,2027/01/10,中村 さくら,5500,カット,090-1111-2222,sakura@example.jp,１５０－０００１,東京都渋谷区神宮前1-2-3 ハイツ101',
  'P100,2027/02/14,中村 さくら,9900,カラー,,,,',
  'P200,2027/02/01,小林 大輔,4400,カット,０９０（３３３３）４４４４,,,',
  'P300,2027/02/20,森 由美,4400,カット,12345,not-an-email,,',
].join('\n');

describe('imported customers meet their LINE friends', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-03-14T11:00:00+09:00') });
    const summary = await importVisitFile(
      { models: t.context.models, calendar: shopCalendar('Asia/Tokyo'), now: t.clock.now() },
      Buffer.from(POS_EXPORT),
      { format: 'csv', source: 'pos' },
    );
    expect(summary).toMatchObject({ visitsAdded: 4, customersCreated: 3 });
    // Unreadable details are left out (and named), the visits are kept.
    expect(summary.warnings).toEqual([
      { line: 5, reason: 'phone is not readable; left out' },
      { line: 5, reason: 'email is not readable; left out' },
    ]);
  });
  afterAll(async () => {
    await t.stop();
  });

  const customer = (id: string) => t.context.models.Customer.findById(id).lean();

  it('the import keeps phone, e-mail, postal code and address, and indexes the phone by `_id`', async () => {
    expect(await customer('ext:pos:P100')).toMatchObject({
      phone: '09011112222',
      email: 'sakura@example.jp',
      postalCode: '150-0001',
      address: '東京都渋谷区神宮前1-2-3 ハイツ101',
      visitCount: 2,
    });
    expect(await customer('ext:pos:P200')).toMatchObject({ phone: '09033334444' });
    expect((await customer('ext:pos:P300'))?.phone).toBeUndefined();
    expect(await t.context.models.PhoneIndex.findById('09033334444').lean()).toEqual({
      _id: '09033334444',
      customerIds: ['ext:pos:P200'],
    });
  });

  it('「LINEとつなぐ」 → a link code and its QR → the customer sends it → one record, visits moved, staff told', async () => {
    const card = await t.command(t.staff, '/customer', 'ext:pos:P100');
    expect(card.text).toContain('LINE 未連携');
    expect(card.text).toContain('LINEとつなぐ');
    const visit = (await t.context.models.Visit.findOne({ customerId: 'ext:pos:P100' }).lean())!;
    await t.context.models.Survey.create({
      _id: visit._id,
      customerId: 'ext:pos:P100',
      visitAt: visit.at,
      status: 'answered',
      rating: 4,
    });
    await t.context.models.Customer.updateOne(
      { _id: 'ext:pos:P100' },
      { $push: { notes: { text: '前髪短め', by: '田中', at: t.clock.now() } }, $set: { tags: ['VIP'] } },
    );

    const pressed = await t.press(
      t.staff,
      { actionId: 'link:issue', value: 'ext:pos:P100' },
      { channel: t.staffChannel, messageTs: '1.0', ephemeral: true },
    );
    const code = /連携コード: \*([A-Z0-9]{4}-[A-Z0-9]{4})\*/.exec(pressed.text)?.[1];
    expect(code).toBeDefined();
    expect(pressed.text).toContain('中村 さくら様の LINE 連携コード');
    const upload = [...t.slackFake.uploads.values()].find((u) => u.filename === `joren-link-${code}.png`)!;
    const url = decodeQr(upload.bytes!) ?? '';
    expect(decodeURIComponent(url)).toMatch(new RegExp(`^https://line\\.me/R/oaMessage/@.+/\\?${code}$`));

    const sim = await onboardedFriend(t, 'さくら', {
      firstVisitAt: new Date('2027-03-01T10:00:00+09:00'),
      lastVisitAt: new Date('2027-03-01T10:00:00+09:00'),
      visitCount: 1,
    });
    await t.context.models.Visit.create({
      _id: 'visit:sakura:line',
      customerId: sim.userId,
      at: new Date('2027-03-01T10:00:00+09:00'),
      source: 'staff',
    });
    expect(await sim.say(code!)).toEqual([
      'さくら様、これまでのご来店履歴とLINEを連携いたしました。今後ともよろしくお願いいたします。',
    ]);
    await t.settleAll();

    const friend = await customer(sim.userId);
    expect(friend).toMatchObject({
      visitCount: 3,
      firstVisitAt: new Date('2027-01-10T00:00:00+09:00'),
      phone: '09011112222',
      postalCode: '150-0001',
      tags: ['VIP'],
      externalIds: ['pos:P100'],
    });
    expect(friend?.notes.map((n) => n.text)).toEqual(['前髪短め']);
    expect(await t.context.models.Survey.findById(visit._id).lean()).toMatchObject({
      customerId: sim.userId,
      rating: 4,
    });
    expect(await t.context.models.Visit.countDocuments({ customerId: sim.userId })).toBe(3);
    expect(await t.context.models.Visit.countDocuments({ customerId: 'ext:pos:P100' })).toBe(0);
    expect(await customer('ext:pos:P100')).toMatchObject({ linkedTo: sim.userId, visitCount: 0, notes: [] });
    // The shop's figures count the person once: the next scan sees one customer with three visits.
    const scan = await runLapseScan({
      models: t.context.models,
      calendar: shopCalendar('Asia/Tokyo'),
      now: t.clock.now(),
    });
    const withVisits = new Set(
      (await t.context.models.Visit.find({}, { customerId: 1 }).lean()).map((v) => v.customerId),
    );
    expect(withVisits.has('ext:pos:P100')).toBe(false);
    expect(scan?.counts.customers).toBe(withVisits.size);
    expect((await readCustomerScore(t.context.models, sim.userId))?.visits).toBe(3);
    const told = t.slackFake.channelMessages(t.staffChannel).map((m) => textOf(m as never));
    expect(told).toContainEqual(
      expect.stringContaining(
        'インポートのお客様 *中村 さくら* と LINE の友だち *さくら* をひとつにしました（連携コード）。来店 2 件を移しました。',
      ),
    );
  });

  it('a phone number given in chat is proposed to staff; つなぐ joins the two, the customer is told', async () => {
    const sim = await onboardedFriend(t, 'だいすけ');
    expect(await sim.say('電話番号で登録')).toEqual([
      'お電話番号を教えていただけますか？（例：090-1234-5678）\nこれまでのご来店履歴とおつなぎするためにのみ使わせていただきます。',
    ]);
    expect(await sim.say('でんわ')).toEqual([
      expect.stringMatching(/^恐れ入ります、お電話番号として読み取れませんでした。/),
    ]);
    expect(await sim.say('０９０－３３３３－４４４４')).toEqual([
      'お電話番号を承りました。ありがとうございます。\nこれまでのご来店の記録がございましたら、スタッフが確認のうえおつなぎいたします。',
    ]);
    await t.settleAll();
    // Never merged without a person's yes.
    expect(await customer('ext:pos:P200')).not.toHaveProperty('linkedTo');
    expect((await customer(sim.userId))?.phone).toBe('09033334444');
    const proposal = t.slackFake
      .channelMessages(t.staffChannel)
      .find((m) => textOf(m as never).includes('だいすけ* が登録した電話番号'))!;
    expect(textOf(proposal as never)).toContain(
      '📞 LINE の友だち *だいすけ* が登録した電話番号（090-3333-4444）が、インポートのお客様 *小林 大輔* と一致しました。同じ方ですか？',
    );
    expect(textOf(proposal as never)).toContain('つなぐ');
    expect(textOf(proposal as never)).toContain('違う');

    await t.press(
      t.staff,
      { actionId: 'phone:link', value: `${sim.userId}~ext:pos:P200` },
      { channel: t.staffChannel, messageTs: proposal.ts },
    );
    expect(await customer('ext:pos:P200')).toMatchObject({ linkedTo: sim.userId });
    expect(await customer(sim.userId)).toMatchObject({ visitCount: 1 });
    expect(sim.received()).toEqual([
      'だいすけ様、これまでのご来店履歴とLINEを連携いたしました。今後ともよろしくお願いいたします。',
    ]);
    expect(textOf(t.slackFake.message(t.staffChannel, proposal.ts) as never)).toContain(
      '✅ 田中 さんが確認し、ひとつにしました。',
    );
    // A second press (another staff member, a double tap) changes nothing.
    await t.press(
      t.staff,
      { actionId: 'phone:reject', value: `${sim.userId}~ext:pos:P200` },
      { channel: t.staffChannel, messageTs: proposal.ts },
    );
    expect(await customer('ext:pos:P200')).toMatchObject({ linkedTo: sim.userId });
  });

  it('違う: the two stay apart', async () => {
    await t.context.models.Customer.create({
      _id: 'ext:pos:P400',
      status: 'unlinked',
      displayName: '別の 人',
      phone: '08055556666',
      externalIds: ['pos:P400'],
    });
    await t.context.models.PhoneIndex.create({ _id: '08055556666', customerIds: ['ext:pos:P400'] });
    const sim = await onboardedFriend(t, 'べつじん');
    await sim.say('電話番号で登録');
    await sim.say('080-5555-6666');
    await t.settleAll();
    const proposal = t.slackFake
      .channelMessages(t.staffChannel)
      .find((m) => textOf(m as never).includes('べつじん* が登録した電話番号'))!;
    await t.press(
      t.staff,
      { actionId: 'phone:reject', value: `${sim.userId}~ext:pos:P400` },
      { channel: t.staffChannel, messageTs: proposal.ts },
    );
    expect(await customer('ext:pos:P400')).not.toHaveProperty('linkedTo');
    expect(sim.received()).toEqual([]);
    expect(textOf(t.slackFake.message(t.staffChannel, proposal.ts) as never)).toContain(
      '「違う」と判断しました',
    );
  });
});
