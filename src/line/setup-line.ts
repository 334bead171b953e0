import { createLineApi, createLineBlobApi } from './line-api.js';
import { defaultRichMenu } from './rich-menu.js';

export interface SetUpLineOptions {
  channelAccessToken: string;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  /** The public https URL Joren answers on; the webhook is `<publicUrl>/webhooks/line`. */
  publicUrl: string;
  bookingUrl: string | undefined;
  /** The rich menu image (PNG, 2500 × 843). */
  richMenuImage: Buffer;
  say: (line: string) => void;
}

export interface SetUpLineReport {
  bot: string;
  webhook: 'set' | 'unchanged';
  webhookTest: { success: boolean; statusCode: number; reason: string };
  richMenu: { id: string; created: boolean; removed: number };
}

/**
 * Points a LINE channel at Joren: sets the webhook URL and checks it with LINE's test endpoint,
 * creates the default rich menu (来店 / 予約 / 誕生日登録 / お問い合わせ / 配信停止) and makes it the default.
 * Running it again changes nothing that is already right, and removes Joren's outdated menus.
 */
export async function setUpLineChannel(options: SetUpLineOptions): Promise<SetUpLineReport> {
  const api = createLineApi({
    channelAccessToken: options.channelAccessToken,
    apiBaseUrl: options.apiBaseUrl,
  });
  const blob = createLineBlobApi({
    channelAccessToken: options.channelAccessToken,
    apiBaseUrl: options.dataApiBaseUrl,
  });
  const { say } = options;

  const bot = await api.getBotInfo();
  say(`LINE channel: ${bot.displayName} (${bot.basicId})`);

  const endpoint = new URL('/webhooks/line', options.publicUrl).toString();
  const current = await api.getWebhookEndpoint().catch(() => undefined);
  const webhook = current?.endpoint === endpoint ? 'unchanged' : 'set';
  if (webhook === 'set') await api.setWebhookEndpoint({ endpoint });
  say(`Webhook URL ${webhook === 'set' ? 'set to' : 'already'} ${endpoint}`);

  const test = await api.testWebhookEndpoint({ endpoint });
  say(
    test.success
      ? `Webhook test: OK (${test.statusCode})`
      : `Webhook test FAILED: ${test.statusCode} ${test.reason} ${test.detail}`,
  );

  const menu = defaultRichMenu({ bookingUrl: options.bookingUrl });
  const { richmenus } = await api.getRichMenuList();
  const existing = richmenus.find((candidate) => candidate.name === menu.name);
  let id = existing?.richMenuId;
  if (!id) {
    id = (await api.createRichMenu(menu)).richMenuId;
    await blob.setRichMenuImage(id, new Blob([new Uint8Array(options.richMenuImage)], { type: 'image/png' }));
    say(`Rich menu created: ${menu.name} (${id})`);
  } else {
    say(`Rich menu unchanged: ${menu.name} (${id})`);
  }
  await api.setDefaultRichMenu(id);
  say('Rich menu set as the default for every friend');

  let removed = 0;
  for (const outdated of richmenus.filter(
    (candidate) => candidate.name.startsWith('joren-default-') && candidate.richMenuId !== id,
  )) {
    await api.deleteRichMenu(outdated.richMenuId);
    removed++;
  }
  if (removed > 0) say(`Removed ${removed} outdated Joren rich menu(s)`);

  return {
    bot: bot.displayName,
    webhook,
    webhookTest: { success: test.success ?? false, statusCode: test.statusCode, reason: test.reason },
    richMenu: { id, created: !existing, removed },
  };
}
