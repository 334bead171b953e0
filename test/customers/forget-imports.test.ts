import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importVisitFile } from '../../src/analytics/import/visit-file-import.js';
import { linkHistoryCustomer } from '../../src/analytics/customer-linking.js';
import { shopCalendar } from '../../src/retention/shop-time.js';
import { onboardedFriend } from '../support/customer-sim.js';
import { clockAt } from '../support/scheduler.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const POS_EXPORT = [
  '会員番号,来店日,お名前,金額,メニュー,電話番号,メール,郵便番号,住所',
  'P700,2027/01/10,忘却 さくら,5500,カット,090-7777-1111,wasure@example.jp,150-0001,東京都渋谷区神宮前7-7-7',
  'P800,2027/02/01,残留 大輔,4400,カット,090-8888-2222,,,',
  'P900,2027/02/03,履歴だけ 太郎,4400,カット,090-9999-3333,,,',
].join('\n');

describe('/forget also forgets what an import linked to the customer, for good', () => {
  let t: SlackTestApp;
  const importFile = (csv: string) =>
    importVisitFile(
      { models: t.context.models, calendar: shopCalendar('Asia/Tokyo'), now: t.clock.now() },
      Buffer.from(csv),
      { format: 'csv', source: 'pos' },
    );
  beforeAll(async () => {
    t = await startSlackTestApp({ clock: clockAt('2027-03-14T11:00:00+09:00') });
    expect(await importFile(POS_EXPORT)).toMatchObject({ customersCreated: 3, rowsOfForgotten: 0 });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a linked friend: the imported record, its name, phone and address go; a re-import skips them', async () => {
    const { models } = t.context;
    const sim = await onboardedFriend(t, 'さくら LINE');
    await linkHistoryCustomer(
      { models, now: t.clock.now() },
      { historyCustomerId: 'ext:pos:P700', lineCustomerId: sim.userId },
    );
    expect((await t.command(t.staff, '/customer', '忘却')).text).toContain('忘却 さくら');

    t.clock.advance(11 * 60_000);
    const result = await t.context.slack.erasure.forget(sim.userId, 'U0STAFF');
    expect(result?.counts).toMatchObject({ importedRecords: 1 });
    expect(await models.Customer.findById('ext:pos:P700').lean()).toBeNull();
    expect(await models.PhoneIndex.findById('09077771111').lean()).toBeNull();
    const search = await t.command(t.staff, '/customer', '忘却');
    expect(search.text).not.toContain('忘却 さくら');

    // The shop imports the same POS export again next month: the person does not come back.
    t.clock.advance(30 * 86_400_000);
    const again = await importFile(POS_EXPORT);
    expect(again).toMatchObject({ rowsOfForgotten: 1, customersCreated: 0 });
    expect(await models.Customer.findById('ext:pos:P700').lean()).toBeNull();
    expect(await models.PhoneIndex.findById('09077771111').lean()).toBeNull();
    expect((await t.command(t.staff, '/customer', '忘却')).text).not.toContain('忘却 さくら');
    // Nothing stored names them: the tombstone is a keyed hash.
    const tombstones = await models.ImportTombstone.find({}).lean();
    expect(tombstones).toHaveLength(1);
    expect(JSON.stringify(tombstones)).not.toMatch(/P700|pos/);
    // Others in the file are untouched.
    expect(await models.Customer.findById('ext:pos:P800').lean()).toMatchObject({ displayName: '残留 大輔' });
  });

  it('an import-only customer forgotten directly is skipped by later imports too', async () => {
    const { models } = t.context;
    await t.context.slack.erasure.forget('ext:pos:P900', 'U0STAFF');
    expect(await models.Customer.findById('ext:pos:P900').lean()).toBeNull();
    const again = await importFile(POS_EXPORT);
    expect(again.rowsOfForgotten).toBe(2);
    expect(await models.Customer.findById('ext:pos:P900').lean()).toBeNull();
    expect(await models.PhoneIndex.findById('09099993333').lean()).toBeNull();
  });
});
