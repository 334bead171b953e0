import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';

/** LINE's compact rich menu: 2500 × 843 pixels, here five equal areas side by side. */
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;

/** The five areas, left to right, as the image shows them. */
export const RICH_MENU_AREAS = [
  { label: '来店', action: 'check-in' },
  { label: '予約', action: 'booking' },
  { label: '誕生日登録', action: 'birthday' },
  { label: 'お問い合わせ', action: 'contact' },
  { label: '配信停止', action: 'stop' },
] as const;

/**
 * LINE's own QR reader (a documented LINE URL scheme): the customer scans the counter's check-in QR,
 * which opens the shop's chat with today's check-in message typed in.
 */
export const LINE_QR_READER_URL = 'https://line.me/R/nv/QRCodeReader';

/**
 * The shop's default rich menu: 来店 / 予約 / 誕生日登録 / お問い合わせ / 配信停止. 来店 opens LINE's QR
 * reader (for the counter's check-in QR); the others send the menu flow's postback
 * (flows/menu.flow.ts), and 予約 opens the booking page when the shop has one. The name carries a
 * hash of the definition, so setting it up again finds an unchanged menu.
 */
export function defaultRichMenu(options: {
  bookingUrl: string | undefined;
}): messagingApi.RichMenuRequest & { name: string } {
  const width = RICH_MENU_SIZE.width / RICH_MENU_AREAS.length;
  const areas: messagingApi.RichMenuArea[] = RICH_MENU_AREAS.map((area, index) => ({
    bounds: { x: index * width, y: 0, width, height: RICH_MENU_SIZE.height },
    action:
      area.action === 'check-in'
        ? { type: 'uri', label: area.label, uri: LINE_QR_READER_URL }
        : area.action === 'booking' && options.bookingUrl
          ? { type: 'uri', label: area.label, uri: options.bookingUrl }
          : { type: 'postback', label: area.label, data: `f=menu&a=${area.action}`, displayText: area.label },
  }));
  const definition = { size: RICH_MENU_SIZE, selected: true, chatBarText: 'メニュー', areas };
  const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 10);
  return { ...definition, name: `joren-default-${hash}` };
}
