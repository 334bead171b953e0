/**
 * npm run setup:line -- --url https://joren.example.com
 *
 * With LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN set (see README "Connect your LINE
 * channel"): sets the webhook URL, checks it with LINE's test endpoint, creates and sets the default
 * rich menu. Safe to run again.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { withDotEnv } from '../src/dot-env.js';
import { setUpLineChannel } from '../src/line/setup-line.js';

const { values } = parseArgs({ options: { url: { type: 'string' } } });

try {
  const config = loadConfig(withDotEnv(process.env, '.env').env);
  if (config.line.mode !== 'live') {
    throw new Error(
      'Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN first (README: "Connect your LINE channel").',
    );
  }
  if (!values.url || !/^https:\/\//.test(values.url)) {
    throw new Error(
      'Give the public https URL Joren answers on: npm run setup:line -- --url https://joren.example.com',
    );
  }
  const report = await setUpLineChannel({
    channelAccessToken: config.line.channelAccessToken,
    apiBaseUrl: config.line.apiBaseUrl,
    dataApiBaseUrl: config.line.dataApiBaseUrl,
    publicUrl: values.url,
    bookingUrl: config.shop.bookingUrl,
    richMenuImage: readFileSync(new URL('./rich-menu/rich-menu.png', import.meta.url)),
    say: (line) => console.log(line),
  });
  if (!report.webhookTest.success) process.exitCode = 1;
} catch (error) {
  console.error(`setup:line: ${(error as Error).message}`);
  process.exitCode = 1;
}
