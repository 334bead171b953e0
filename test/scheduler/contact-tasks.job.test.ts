import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordVisit } from '../../src/customers/visits.js';
import type { Customer } from '../../src/db/models/index.js';
import { decideContact, offlineContact } from '../../src/retention/contact-policy.js';
import { loadAudienceOfOne } from '../../src/outreach/audience.js';
import { clockAt, tokyo, travel } from '../support/scheduler.js';
import { startSlackTestApp, textOf, type SlackTestApp } from '../support/slack-test-app.js';

const DAY = 86_400_000;

describe('customers LINE cannot reach: a weekly list of calls and birthday cards, with 済 / 不要', () => {
  let t: SlackTestApp;
  const ids = {
    blockedLapsed: 'U' + 'b'.repeat(32),
    importedLapsed: 'ext:pos:L1',
    card: 'ext:pos:C1',
    friend: 'U' + 'f'.repeat(32),
    farBirthday: 'ext:pos:C2',
    noPhone: 'ext:pos:N1',
  };

  /** A customer who came `visits` times, `every` days apart, the last time `lastAgo` days ago. */
  async function customer(
    id: string,
    fields: Partial<Customer>,
    every: number,
    visits: number,
    lastAgo: number,
  ) {
    await t.context.models.Customer.create({ _id: id, externalIds: [], ...fields });
    for (let i = 0; i < visits; i++) {
      const at = new Date(t.clock.now().getTime() - (lastAgo + i * every) * DAY);
      await recordVisit(t.context.models, { key: `${id}:${i}`, customerId: id, at, source: 'staff' });
    }
    return id;
  }

  beforeAll(async () => {
    // Friday 1 January 2027; the list goes out on Monday mornings.
    t = await startSlackTestApp({ clock: clockAt('2027-01-01T12:00:00+09:00') });
    ids.blockedLapsed = await customer(
      'U' + 'b'.repeat(32),
      {
        status: 'blocked',
        displayName: '遠藤 ブロック',
        lineUserId: 'U' + 'b'.repeat(32),
        phone: '0312345678',
      },
      14,
      4,
      70,
    );
    ids.importedLapsed = await customer(
      'ext:pos:L1',
      { status: 'unlinked', displayName: '原田 電話', phone: '09087654321' },
      20,
      3,
      90,
    );
    ids.card = await customer(
      'ext:pos:C1',
      {
        status: 'unlinked',
        displayName: '藤田 はがき',
        birthday: { month: 1, day: 14 },
        postalCode: '150-0001',
        address: '東京都渋谷区神宮前1-2-3',
      },
      30,
      2,
      10,
    );
    // Not listed: a LINE friend (messages reach them), a far birthday, a lapsed one without a phone.
    t.fake.addUser({ displayName: '友だち 一郎' }, 'U' + 'f'.repeat(32));
    ids.friend = await customer(
      'U' + 'f'.repeat(32),
      {
        status: 'following',
        displayName: '友だち 一郎',
        lineUserId: 'U' + 'f'.repeat(32),
        phone: '09011110000',
      },
      14,
      4,
      70,
    );
    ids.farBirthday = await customer(
      'ext:pos:C2',
      {
        status: 'unlinked',
        displayName: '遠い 誕生日',
        birthday: { month: 8, day: 1 },
        postalCode: '100-0001',
        address: '東京都千代田区',
      },
      30,
      2,
      10,
    );
    ids.noPhone = await customer('ext:pos:N1', { status: 'unlinked', displayName: '番号 なし' }, 14, 4, 70);
  });
  afterAll(async () => {
    await t.stop();
  });

  const list = () =>
    t.slackFake
      .channelMessages(t.staffChannel)
      .filter((m) => textOf(m as never).includes('今週の連絡タスク'));

  it('Monday morning: the lapsed to call and the birthday cards to send, each with 済 / 不要', async () => {
    await travel(t, tokyo('2027-01-02', '09:30'));
    await travel(t, tokyo('2027-01-03', '09:30'));
    expect(list()).toEqual([]); // not on a Saturday or a Sunday
    await travel(t, tokyo('2027-01-04', '09:30'));
    await t.settleAll();
    expect(list()).toHaveLength(1);
    const shown = textOf(list()[0] as never);
    expect(shown).toContain('今週の連絡タスク（2027/01/04） — LINE で届かないお客様');
    expect(shown).toContain('📞 *遠藤 ブロック*様にお電話（しばらくご来店がありません） 03-1234-5678');
    expect(shown).toContain('📞 *原田 電話*様にお電話（しばらくご来店がありません） 090-8765-4321');
    expect(shown).toContain('✉️ *藤田 はがき*様に誕生日カード（2027/01/14）');
    for (const name of ['友だち 一郎', '遠い 誕生日', '番号 なし']) expect(shown).not.toContain(name);
    expect(shown.split('\n').filter((line) => line === '済')).toHaveLength(3);
  });

  it('済 records the contact: last contact, the lapse episode marked contacted (/lapsed), the policy counts it', async () => {
    const message = list()[0]!;
    const callTask = (await t.context.models.ContactTask.findOne({ customerId: ids.blockedLapsed }).lean())!;
    await t.press(
      t.staff,
      { actionId: `task:done:${callTask._id}`, value: callTask._id },
      { channel: t.staffChannel, messageTs: message.ts },
    );
    const cardTask = (await t.context.models.ContactTask.findOne({ customerId: ids.card }).lean())!;
    await t.press(
      t.staff,
      { actionId: `task:skip:${cardTask._id}`, value: cardTask._id },
      { channel: t.staffChannel, messageTs: message.ts },
    );

    const updated = textOf(t.slackFake.message(t.staffChannel, message.ts) as never);
    expect(updated).toContain('✅ 済（田中）');
    expect(updated).toContain('➖ 不要（田中）');
    expect(updated.split('\n').filter((line) => line === '済')).toHaveLength(1);

    const called = await t.context.models.Customer.findById(ids.blockedLapsed).lean();
    expect(called?.lastContactAt).toEqual(t.clock.now());
    expect((await t.context.models.Customer.findById(ids.card).lean())?.lastContactAt).toBeUndefined();
    const episode = await t.context.models.WinBack.findOne({ customerId: ids.blockedLapsed }).lean();
    expect(episode?.contactedBy).toBe('田中');
    const lapsed = await t.command(t.staff, '/lapsed', '');
    expect(lapsed.text).toContain('スタッフが連絡済み（2027/01/04）');

    // The call counts in the contact policy like a message: within the 1-per-3-days cap.
    const audience = await loadAudienceOfOne(
      t.context.models,
      { ...called!, status: 'following' },
      t.clock.now(),
      'Asia/Tokyo',
      40,
    );
    expect(audience.history.get(ids.blockedLapsed)).toEqual([
      offlineContact({ _id: callTask._id, kind: 'call', doneAt: t.clock.now() }),
    ]);
    const decision = decideContact(
      { kind: 'seasonal', key: 'seasonal:x:1', period: 'x', now: new Date(t.clock.now().getTime() + DAY) },
      { id: ids.blockedLapsed, status: 'following', marketingOptOut: false, hasOpenComplaint: false },
      audience.history.get(ids.blockedLapsed)!,
      { timezone: 'Asia/Tokyo', quietHours: null, frequencyCaps: [{ max: 1, days: 3 }] },
    );
    expect(decision.reasons.map((r) => r.code)).toEqual(['frequency-cap']);
  });

  it('the next Monday lists only what is still open (the other call); done and 不要 tasks are not listed again', async () => {
    await travel(t, tokyo('2027-01-11', '09:30'));
    await t.settleAll();
    expect(list()).toHaveLength(2);
    const shown = textOf(list()[1] as never);
    expect(shown).toContain('原田 電話');
    expect(shown).not.toContain('遠藤 ブロック');
    expect(shown).not.toContain('藤田 はがき');
  });
});
