import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp, type App } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { demoName } from '../../src/sandbox/console/demo-data.js';
import { freshDatabaseName, testDatabaseUri } from '../support/database.js';
import { startTestApp } from '../support/test-app.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the sandbox console API', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    const config = loadConfig({ SHOP_NAME: 'サロン常連', LOG_LEVEL: 'silent' });
    app = await createApp({
      config,
      clock: new AdjustableClock({ now: () => new Date('2027-03-01T05:00:00Z') }),
      log: createLogger('silent'),
      database: { uri: testDatabaseUri(), dbName: freshDatabaseName('sandbox-console-api') },
      scheduler: { processing: false },
    });
    base = `http://127.0.0.1:${await app.start(0)}/sandbox`;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('serves the console page in Japanese', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('デモデータ読み込み');
    expect((await fetch(`${base}/console.js`)).status).toBe(200);
  });

  it('loads CDNOW-derived demo customers with the same Japanese names every time, once', async () => {
    const first = (await (await post(`${base}/api/demo`, {})).json()) as {
      customers: number;
      visits: number;
    };
    expect(first).toEqual({ customers: 10, visits: 42 });
    const again = (await (await post(`${base}/api/demo`, {})).json()) as { visits: number };
    expect(again.visits).toBe(0);
    const state = (await (await fetch(`${base}/api/state`)).json()) as {
      customers: { displayName: string }[];
    };
    expect(state.customers.map((c) => c.displayName)).toContain(demoName(1));
    expect(demoName(1)).toBe('佐藤 花子');
    const names = Array.from({ length: 144 }, (_, i) => demoName(i + 1));
    expect(new Set(names).size).toBe(144);
    const customer = await app.context.models.Customer.findOne({ externalIds: 'cdnow:11' }).lean();
    expect(customer).toMatchObject({ displayName: demoName(11), status: 'following', visitCount: 7 });
    // The latest purchase of the demo file lands three days before the clock's day.
    const latest = await app.context.models.Visit.findOne({}).sort({ at: -1 }).lean();
    expect(latest!.at.toISOString()).toBe('2027-02-26T05:00:00.000Z');

    // A staff member looks one up with a signed slash command; the answer only they see is on screen.
    expect((await post(`${base}/api/slack/command`, { command: '/customer', text: '佐藤' })).status).toBe(
      200,
    );
    const after = (await (await fetch(`${base}/api/state`)).json()) as { staff: { answers: unknown[] } };
    expect(JSON.stringify(after.staff.answers)).toContain('佐藤 花子');
  });

  it('plays a check-in: the chat pane’s button sends today’s check-in as the customer, and it is recorded', async () => {
    const html = await (await fetch(base)).text();
    expect(html).toContain('来店チェックイン');
    const { userId } = (await (
      await post(`${base}/api/customers`, { displayName: '来店 テスト' })
    ).json()) as {
      userId: string;
    };
    await post(`${base}/api/line`, { userId, input: { kind: 'follow' } });
    const sent = (await (await post(`${base}/api/check-in`, { userId })).json()) as { message: string };
    expect(sent.message).toMatch(/^来店チェックイン [A-Z2-9]{6}$/);
    const state = (await (await fetch(`${base}/api/state?customer=${userId}`)).json()) as {
      chat: { from: string; text?: string; message?: { text?: string } }[];
    };
    expect(state.chat.at(-2)).toMatchObject({ from: 'customer', text: sent.message });
    expect(state.chat.at(-1)?.message?.text).toContain('チェックインを承りました');
    expect(await app.context.models.Visit.countDocuments({ customerId: userId, source: 'check-in' })).toBe(1);
  });

  it('refuses bad input with a clear message and an unknown customer with 404', async () => {
    const bad = await post(`${base}/api/line`, { userId: 'nope', input: { kind: 'dance' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('userId');
    const unknown = await post(`${base}/api/line`, { userId: 'U0000', input: { kind: 'follow' } });
    expect(unknown.status).toBe(404);
    const noBirthday = await post(`${base}/api/time`, { birthdayOf: 'U0000' });
    expect(await noBirthday.json()).toMatchObject({ error: 'NO_BIRTHDAY' });
  });
});

describe('with real LINE credentials', () => {
  it('there is no console: /sandbox and its API answer 404', async () => {
    const t = await startTestApp();
    try {
      expect((await fetch(`${t.baseUrl}/sandbox`)).status).toBe(404);
      expect((await post(`${t.baseUrl}/sandbox/api/demo`, {})).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
