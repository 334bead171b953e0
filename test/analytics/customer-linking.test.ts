import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  formatLinkCode,
  issueLinkCode,
  linkCodeIn,
  linkHistoryCustomer,
  redeemLinkCode,
} from '../../src/analytics/customer-linking.js';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { JorenError } from '../../src/errors.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const csv = (rows: string[]) => new TextEncoder().encode(['customer_id,date,name', ...rows].join('\n'));

describe('linking a history-only customer to a LINE friend', () => {
  let t: TestApp;
  const now = () => t.clock.now();
  const deps = () => ({ models: t.context.models, now: now() });
  const customer = (id: string) => t.context.models.Customer.findById(id).lean();

  beforeAll(async () => {
    t = await startTestApp();
    await importVisitFile(
      { models: t.context.models, calendar: shopCalendar('Asia/Tokyo'), now: now() },
      csv([
        'P1,2024-01-10,山田 花子',
        'P1,2024-03-02,山田 花子',
        'P2,2024-02-01,佐藤 健',
        'P3,2024-02-05,高橋',
      ]),
      { format: 'csv', source: 'pos' },
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  async function friend(name: string) {
    const userId = t.fake.addUser({ displayName: name });
    await t.line.send(t.line.follow(userId));
    await t.settle();
    return userId;
  }

  it('by staff: moves the visits and merges the counters; later imports of that id land on the friend', async () => {
    const userId = await friend('はなこ');
    const result = await linkHistoryCustomer(deps(), {
      historyCustomerId: 'ext:pos:P1',
      lineCustomerId: userId,
    });
    expect(result).toMatchObject({ visitsMoved: 2, resumed: false });
    expect(await customer(userId)).toMatchObject({
      externalIds: ['pos:P1'],
      visitCount: 2,
      firstVisitAt: new Date('2024-01-10T00:00:00+09:00'),
      lastVisitAt: new Date('2024-03-02T00:00:00+09:00'),
    });
    expect(await customer('ext:pos:P1')).toMatchObject({ linkedTo: userId, visitCount: 0 });
    expect(await t.context.models.Visit.countDocuments({ customerId: userId })).toBe(2);

    const again = await importVisitFile(
      { models: t.context.models, calendar: shopCalendar('Asia/Tokyo'), now: now() },
      csv(['P1,2024-01-10,山田 花子', 'P1,2024-05-20,山田 花子']),
      { format: 'csv', source: 'pos' },
    );
    expect(again).toMatchObject({ visitsAdded: 1, customersCreated: 0 });
    expect(await customer(userId)).toMatchObject({
      visitCount: 3,
      lastVisitAt: new Date('2024-05-20T00:00:00+09:00'),
    });
    expect(await t.context.models.Visit.findById('imp:pos:P1:20240520').lean()).toMatchObject({
      customerId: userId,
    });
  });

  it('refuses to link to a second friend, or something that is not a history record', async () => {
    const other = await friend('別の人');
    const refused = (input: { historyCustomerId: string; lineCustomerId: string }) =>
      linkHistoryCustomer(deps(), input).catch((e: unknown) => e);
    expect(await refused({ historyCustomerId: 'ext:pos:P1', lineCustomerId: other })).toBeInstanceOf(
      JorenError,
    );
    expect(await refused({ historyCustomerId: other, lineCustomerId: other })).toBeInstanceOf(JorenError);
    expect(await refused({ historyCustomerId: 'ext:pos:P2', lineCustomerId: 'ext:pos:P3' })).toBeInstanceOf(
      JorenError,
    );
  });

  it('by a code the customer sends in LINE: links and answers politely', async () => {
    const userId = await friend('けん');
    const { code } = await issueLinkCode(deps(), { historyCustomerId: 'ext:pos:P2', by: 'U_STAFF' });
    // Typed the way a phone keyboard might: full-width, lower case, with a space.
    const typed = formatLinkCode(code).toLowerCase().replace('-', ' ').normalize('NFKC');
    const fullWidth = [...typed]
      .map((c) => (c === ' ' ? '　' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
      .join('');
    await t.line.send(t.line.text(userId, fullWidth));
    await t.settle();
    expect(t.fake.textsTo(userId).at(-1)).toBe(
      'けん様、これまでのご来店履歴とLINEを連携いたしました。今後ともよろしくお願いいたします。',
    );
    expect(await customer('ext:pos:P2')).toMatchObject({ linkedTo: userId });
    expect(await customer(userId)).toMatchObject({ externalIds: ['pos:P2'], visitCount: 1 });

    const stranger = await friend('他人');
    await t.line.send(t.line.text(stranger, code));
    await t.settle();
    expect(t.fake.textsTo(stranger).at(-1)).toBe(
      'このコードはすでに使われております。ご不明な点はスタッフにお尋ねください。',
    );
    expect(await redeemLinkCode(deps(), { lineCustomerId: userId, text: code })).toMatchObject({
      outcome: 'linked',
      resumed: true,
    });
  });

  it('answers an unknown or expired code, and leaves ordinary messages alone', async () => {
    const userId = await friend('たかはし');
    const { code } = await issueLinkCode(deps(), {
      historyCustomerId: 'ext:pos:P3',
      by: 'U_STAFF',
      validDays: 1,
    });
    t.clock.advance(2 * 86_400_000);
    await t.line.send(t.line.text(userId, code));
    await t.settle();
    expect(t.fake.textsTo(userId).at(-1)).toMatch(/^このコードは有効期限が切れております。/);
    await t.line.send(t.line.text(userId, 'ZZZZ-2222'));
    await t.settle();
    expect(t.fake.textsTo(userId).at(-1)).toMatch(/^お送りいただいたコードが見つかりませんでした。/);
    const before = t.fake.textsTo(userId).length;
    await t.line.send(t.line.text(userId, 'STRENGTH'));
    await t.settle();
    // An ordinary word goes on to the conversation (here: answered as a name), not to linking.
    const answers = t.fake.textsTo(userId).slice(before);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.some((text) => /コード/.test(text))).toBe(false);
    expect(await customer('ext:pos:P3')).not.toHaveProperty('linkedTo');
  });

  it('recognises only whole-message codes with letters and digits', () => {
    expect(linkCodeIn('ab2c-d3ef')).toBe('AB2CD3EF');
    expect(linkCodeIn('STRENGTH')).toBeUndefined();
    expect(linkCodeIn('12345678')).toBeUndefined();
    expect(linkCodeIn('コードは AB2C-D3EF です')).toBeUndefined();
    expect(linkCodeIn('AB1C-D3EF')).toBeUndefined();
  });
});
