import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app.js';
import { AdjustableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { chromiumForTests } from '../support/chromium.js';
import { freshDatabaseName, testDatabaseUri } from '../support/database.js';

const artifacts = join(process.cwd(), 'test-artifacts');
const notoSansJp = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
);
const fontFace =
  "@font-face { font-family: 'Noto Sans JP'; src: url('/__test-font/noto-sans-jp.ttf') format('truetype'); }";
/** A Monday afternoon in Tokyo: the console's clock starts here and runs on with real time. */
const START = Date.parse('2027-03-01T14:00:00+09:00');

describe('the sandbox console in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let consoleUrl: string;

  beforeAll(async () => {
    // An installed Chromium or Chrome, else the one an npm package ships (test/support/chromium.ts).
    const chromium = await chromiumForTests();
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'browser.json'), `${JSON.stringify(chromium)}\n`);
    const realStart = Date.now();
    const clock = new AdjustableClock({ now: () => new Date(START + (Date.now() - realStart)) });
    const config = loadConfig({ SHOP_NAME: 'サロン常連', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    app = await createApp({
      config,
      clock,
      log: createLogger(config.logLevel),
      database: { uri: testDatabaseUri(), dbName: freshDatabaseName('sandbox-console') },
      inboxWorker: { sweepIntervalMs: 200, backoffMs: () => 0 },
      scheduler: { processing: false },
    });
    consoleUrl = `http://127.0.0.1:${await app.start(0)}/sandbox`;
    browser = await playwright.launch({
      executablePath: chromium.executablePath,
      args: ['--no-sandbox'],
      env: { ...process.env, ...chromium.env },
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'ja-JP' });
    // The assertions read the DOM, not pixels; the screenshots get a Japanese font from an npm package,
    // so they are legible on a machine without one (the console's CSS lists Noto Sans JP).
    await page.route('**/__test-font/noto-sans-jp.ttf', (route) =>
      route.fulfill({ path: notoSansJp, contentType: 'font/ttf' }),
    );
    // The full suite runs beside this test on two cores: a step may wait its turn for a while.
    page.setDefaultTimeout(60_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const shot = async (name: string) => {
    await page.addStyleTag({ content: fontFace });
    await page.waitForFunction("document.fonts.status === 'loaded'");
    await page.screenshot({ path: join(artifacts, `sandbox-${name}.png`) });
  };
  const chat = () => page.locator('#chat');
  const staff = () => page.locator('#staff-messages');
  const idle = () => page.waitForFunction("!document.body.hasAttribute('aria-busy')");
  const tapQuick = async (label: string) => {
    await page.locator('#quick-replies').getByRole('button', { name: label, exact: true }).click();
    await idle();
  };
  const say = async (text: string) => {
    await page.getByLabel('メッセージ', { exact: true }).fill(text);
    await page.locator('#say').getByRole('button', { name: '送信' }).click();
    await idle();
  };

  it('follow → birthday → visit → thanks → survey → rating 1 → complaint → 担当する → 解決済み → confirmation', async () => {
    await page.goto(consoleUrl);
    expect(await page.locator('h1').innerText()).toContain('Joren サンドボックス');
    expect(await page.locator('#slack-title').innerText()).toContain('#joren-staff');

    await page.getByPlaceholder('名前（例：山田 花子）').fill('山田 花子');
    await page.getByRole('button', { name: 'お客様を追加' }).click();
    await idle();
    await page.getByRole('button', { name: '友だち追加' }).click();
    await idle();
    await chat().getByText('友だち追加いただき、ありがとうございます').waitFor();
    await tapQuick('「山田 花子」で登録');
    await chat().getByText('お誕生日を教えていただけますか').waitFor();

    await tapQuick('日付を選ぶ');
    await page.locator('#date-input').fill('1990-03-14');
    await page.getByRole('button', { name: '決定' }).click();
    await idle();
    await chat().getByText('3月14日ですね').waitFor();
    await tapQuick('受け取る');
    await chat().getByText('ご登録ありがとうございました').waitFor();
    await shot('1-follow');

    await page.getByLabel('スラッシュコマンド').fill('/visit 山田 カット');
    await page.locator('#command').getByRole('button', { name: '送信' }).click();
    await idle();
    await page.locator('#answers').getByText('山田 花子様のご来店を記録しました').waitFor();
    await page.getByRole('button', { name: '+1 日' }).click();
    await idle();
    await chat().getByText('昨日はサロン常連で「カット」をご利用いただき').waitFor();
    await page.locator('#clock', { hasText: '3/2' }).waitFor();
    expect(await page.locator('#clock').innerText()).toContain('3/2');

    await page.getByRole('button', { name: '+7 日' }).click();
    await idle();
    await chat().getByText('満足度を5段階で教えていただけますと幸いです').waitFor();
    await shot('2-survey');

    await tapQuick('1 不満');
    await chat().getByText('ご不快な思いをおかけしたことと存じます').waitFor();
    await chat().getByText('どのような点がご不満だったか').waitFor();
    await staff().getByText('クレーム対応').first().waitFor();
    await say('仕上がりが思っていたより短かったです');
    await chat().getByText('どのようにさせていただければご満足いただけますでしょうか').waitFor();
    await say('次回、長さを整えていただけると嬉しいです');
    await chat().getByText('担当者より改めてご連絡いたします').waitFor();
    await staff().getByText('仕上がりが思っていたより短かったです').first().waitFor();

    await staff().getByRole('button', { name: '担当する' }).click();
    await idle();
    await staff()
      .getByText(/対応中/)
      .first()
      .waitFor();
    await staff().getByRole('button', { name: '解決済み' }).click();
    await idle();
    const modal = page.getByRole('dialog');
    await modal.waitFor();
    await modal.locator('textarea, input').first().fill('次回のカットを無料で調整いたします。');
    await shot('3-resolve');
    await modal.getByRole('button', { name: /送信|解決/ }).click();
    await idle();

    await chat().getByText('対応が完了いたしましたのでご報告いたします').waitFor();
    await chat().getByText('次回のカットを無料で調整いたします。').waitFor();
    await staff()
      .getByText(/解決済み —/)
      .first()
      .waitFor();
    await shot('4-resolved');

    await page.getByRole('button', { name: '次の誕生日' }).click();
    await idle();
    await page.locator('#clock', { hasText: '3/14' }).waitFor();
    expect(await page.locator('#clock').innerText()).toContain('3/14');
    await chat().getByText('お誕生日おめでとうございます').waitFor();
  }, 180_000);
});
