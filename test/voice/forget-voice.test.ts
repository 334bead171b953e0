import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onboardedFriend } from '../support/customer-sim.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/** `/forget` reaches what the shop's voice keeps about a customer: wishes, referrals, codes. */
describe('/forget: wishes and referrals of the customer', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const everything = async () => {
    const db = t.context.db.connection.db!;
    const dump: string[] = [];
    for (const { name } of await db.listCollections().toArray()) {
      dump.push(JSON.stringify(await db.collection(name).find({}).toArray()));
    }
    return dump.join('\n');
  };

  it('deletes their words and codes; the counts per theme and per month stay, with no one behind them', async () => {
    const { models } = t.context;
    const now = t.clock.now();
    const brought = await onboardedFriend(t, '紹介者 一郎', { referralCode: 'AB23CD' });
    const person = await onboardedFriend(t, '削除 花子', { referralCode: 'XY45ZW', tags: ['要望:物販'] });
    const friendOfTheirs = await onboardedFriend(t, '友人 三郎');
    await models.ReferralCode.create([
      { _id: 'AB23CD', customerId: brought.userId, createdAt: now },
      { _id: 'XY45ZW', customerId: person.userId, createdAt: now },
    ]);
    await models.Referral.create([
      { _id: person.userId, referrerId: brought.userId, code: 'AB23CD', at: now },
      { _id: friendOfTheirs.userId, referrerId: person.userId, code: 'XY45ZW', at: now },
    ]);
    await models.Wish.create({
      _id: 'visit-1',
      customerId: person.userId,
      theme: 'time',
      text: '日曜の朝も開けてほしい',
      at: now,
    });

    await t.command(t.staff, '/forget', '削除 花子');
    await t.press(
      t.staff,
      { actionId: 'forget:confirm', value: person.userId },
      { channel: t.staffChannel, messageTs: '1.000001', ephemeral: true },
    );

    const remains = await everything();
    for (const personal of [person.userId, '削除 花子', '日曜の朝も開けてほしい', 'XY45ZW']) {
      expect(remains).not.toContain(personal);
    }
    const token = (await models.Erasure.find({}).lean()).find((e) => e._id.startsWith('forgotten:'))!.token;
    const anonymous = `forgotten:${token}`;
    expect(await models.Wish.findById('visit-1').lean()).toEqual({
      _id: 'visit-1',
      customerId: anonymous,
      theme: 'time',
      at: now,
    });
    expect(await models.Referral.findById(anonymous).lean()).toMatchObject({
      referrerId: brought.userId,
      at: now,
    });
    expect(await models.Referral.findById(friendOfTheirs.userId).lean()).toMatchObject({
      referrerId: anonymous,
    });
    expect(await models.ReferralCode.findById('AB23CD').lean()).toMatchObject({ customerId: brought.userId });
    // The others' cards still count the referrals.
    expect((await t.command(t.staff, '/customer', '紹介者 一郎')).text).toContain('ご紹介いただいた方 1人');
    expect((await t.command(t.staff, '/customer', '友人 三郎')).text).toContain(
      '（ご依頼により削除されたお客様）様からのご紹介',
    );
  });
});
