import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setUpLineChannel } from '../../src/line/setup-line.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';
import { startTestApp, TEST_CHANNEL_SECRET, TEST_CHANNEL_TOKEN, type TestApp } from '../support/test-app.js';

describe('setting up a LINE channel (npm run setup:line)', () => {
  let fake: FakeLineApi;
  let t: TestApp;
  const image = readFileSync('scripts/rich-menu/rich-menu.png');
  beforeAll(async () => {
    fake = await FakeLineApi.start({
      channelAccessToken: TEST_CHANNEL_TOKEN,
      channelSecret: TEST_CHANNEL_SECRET,
    });
    t = await startTestApp({ fake });
  });
  afterAll(async () => {
    await t.stop();
    await fake.stop();
  });

  const run = (lines: string[], bookingUrl?: string) =>
    setUpLineChannel({
      channelAccessToken: TEST_CHANNEL_TOKEN,
      apiBaseUrl: fake.url,
      dataApiBaseUrl: fake.url,
      publicUrl: t.baseUrl,
      bookingUrl,
      richMenuImage: image,
      say: (line) => lines.push(line),
    });

  it('sets the webhook, which the test request really reaches, and the default rich menu with its five areas', async () => {
    const lines: string[] = [];
    const report = await run(lines);
    expect(report).toMatchObject({
      webhook: 'set',
      webhookTest: { success: true, statusCode: 200 },
      richMenu: { created: true },
    });
    expect(fake.channel.webhook.endpoint).toBe(`${t.baseUrl}/webhooks/line`);
    const menu = fake.channel.richMenus.get(report.richMenu.id)!;
    expect(menu.image).toMatchObject({ type: 'image/png' });
    const areas = menu.request.areas as { action: { data?: string; label: string; uri?: string } }[];
    expect(areas.map((a) => a.action.label)).toEqual([
      '来店',
      '予約',
      '誕生日登録',
      'お問い合わせ',
      '配信停止',
    ]);
    // 来店 opens LINE's QR reader, for the check-in QR at the counter.
    expect(areas[0]!.action).toMatchObject({ type: 'uri', uri: 'https://line.me/R/nv/QRCodeReader' });
    expect(areas.map((a) => a.action.data)).toEqual([
      undefined,
      'f=menu&a=booking',
      'f=menu&a=birthday',
      'f=menu&a=contact',
      'f=menu&a=stop',
    ]);
    expect(fake.channel.defaultRichMenuId).toBe(report.richMenu.id);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Webhook test: OK/),
        expect.stringMatching(/^Rich menu created/),
      ]),
    );
  });

  it('changes nothing when run again, and replaces the menu when the shop adds a booking page', async () => {
    const again = await run([]);
    expect(again).toMatchObject({ webhook: 'unchanged', richMenu: { created: false, removed: 0 } });
    expect(fake.channel.richMenus.size).toBe(1);

    const withBooking = await run([], 'https://example.com/book');
    expect(withBooking.richMenu).toMatchObject({ created: true, removed: 1 });
    expect(fake.channel.richMenus.size).toBe(1);
    const areas = fake.channel.richMenus.get(withBooking.richMenu.id)!.request.areas as {
      action: { type: string; uri?: string };
    }[];
    expect(areas[1]!.action).toMatchObject({ type: 'uri', uri: 'https://example.com/book' });
  });

  it('reports a webhook that does not answer 200', async () => {
    const wrongSecret = await FakeLineApi.start({
      channelAccessToken: TEST_CHANNEL_TOKEN,
      channelSecret: 'not-the-channel-secret',
    });
    try {
      const report = await setUpLineChannel({
        channelAccessToken: TEST_CHANNEL_TOKEN,
        apiBaseUrl: wrongSecret.url,
        dataApiBaseUrl: wrongSecret.url,
        publicUrl: t.baseUrl,
        bookingUrl: undefined,
        richMenuImage: image,
        say: () => undefined,
      });
      expect(report.webhookTest).toMatchObject({ success: false, statusCode: 401 });
    } finally {
      await wrongSecret.stop();
    }
  });
});
