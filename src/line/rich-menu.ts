import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';

/** LINE's compact rich menu: 2500 × 843 pixels, here four equal areas side by side. */
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;

/** The four areas, left to right, as the image shows them. */
export const RICH_MENU_AREAS = [
  { label: '予約', action: 'booking' },
  { label: '誕生日登録', action: 'birthday' },
  { label: 'お問い合わせ', action: 'contact' },
  { label: '配信停止', action: 'stop' },
] as const;

/**
 * The shop's default rich menu: 予約 / 誕生日登録 / お問い合わせ / 配信停止. Each area sends the
 * menu flow's postback (flows/menu.flow.ts); 予約 opens the booking page when the shop has one. The
 * name carries a hash of the definition, so setting it up again finds an unchanged menu.
 */
export function defaultRichMenu(options: {
  bookingUrl: string | undefined;
}): messagingApi.RichMenuRequest & { name: string } {
  const width = RICH_MENU_SIZE.width / RICH_MENU_AREAS.length;
  const areas: messagingApi.RichMenuArea[] = RICH_MENU_AREAS.map((area, index) => ({
    bounds: { x: index * width, y: 0, width, height: RICH_MENU_SIZE.height },
    action:
      area.action === 'booking' && options.bookingUrl
        ? { type: 'uri', label: area.label, uri: options.bookingUrl }
        : { type: 'postback', label: area.label, data: `f=menu&a=${area.action}`, displayText: area.label },
  }));
  const definition = { size: RICH_MENU_SIZE, selected: true, chatBarText: 'メニュー', areas };
  const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 10);
  return { ...definition, name: `joren-default-${hash}` };
}
