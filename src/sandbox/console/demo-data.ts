import { readFileSync } from 'node:fs';
import { parseCdnow } from '../../analytics/formats/cdnow-format.js';
import type { AppContext } from '../../context.js';
import { recordVisit } from '../../customers/visits.js';
import { addDays, atShopTime, shopDayOf } from '../../retention/shop-time.js';
import { sandboxAsset } from './console-assets.js';
import type { CustomerChat } from './customer-chat.js';

const FAMILY = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
];
const GIVEN = ['花子', '健', '美咲', '翔太', '陽菜', '大輔', '結衣', '拓海', 'さくら', '蓮', '葵', '悠真'];
const MENUS = ['カット', 'カラー', 'パーマ', 'トリートメント', 'ヘッドスパ'];

/** A Japanese name for a CDNOW customer number, always the same for the same number. */
export function demoName(customerNumber: number): string {
  // Family names cycle through the list and given names shift each cycle: 144 numbers, 144 names.
  const n = Math.max(0, customerNumber - 1);
  const family = FAMILY[n % FAMILY.length]!;
  const given = GIVEN[(n + Math.floor(n / FAMILY.length)) % GIVEN.length]!;
  return `${family} ${given}`;
}

/**
 * Loads the demo: a few customers of the CDNOW purchase history (shipped in src/sandbox/demo) as LINE
 * friends with deterministic Japanese names and birthdays, and their purchases as visits, moved in time
 * so the latest one was three days ago. Loading again adds nothing (fixed ids and visit keys).
 */
export async function loadDemoData(
  context: AppContext,
  chat: CustomerChat,
): Promise<{ customers: number; visits: number }> {
  const text = readFileSync(sandboxAsset('demo/cdnow-demo.txt'), 'utf8');
  const { records } = parseCdnow(text);
  const zone = context.config.shop.timezone;
  const latest = Math.max(...records.map((r) => r.day));
  const today = shopDayOf(context.clock.now(), zone);
  const shift = (day: number) => addDays(today, day - latest - 3);
  const { Customer } = context.models;
  let visits = 0;
  const numbers = [...new Set(records.map((r) => Number(r.customer)))];
  for (const number of numbers) {
    const userId = `Udemo${String(number).padStart(28, '0')}`;
    const displayName = demoName(number);
    if (!chat.customers.has(userId)) chat.add(displayName, userId);
    await Customer.updateOne(
      { _id: userId },
      {
        $setOnInsert: {
          _id: userId,
          lineUserId: userId,
          displayName,
          status: 'following',
          followedAt: atShopTime(shift(latest - 540), '12:00', zone),
          onboardedAt: atShopTime(shift(latest - 540), '12:00', zone),
          birthday: { month: (number % 12) + 1, day: ((number * 7) % 28) + 1 },
          tags: ['デモ'],
          notes: [],
          externalIds: [`cdnow:${number}`],
          marketingOptOut: false,
          visitCount: 0,
        },
      },
      { upsert: true },
    );
    for (const record of records.filter((r) => Number(r.customer) === number)) {
      const { created } = await recordVisit(context.models, {
        key: `sandbox:cdnow:${record.line}`,
        customerId: userId,
        at: atShopTime(shift(record.day), '14:00', zone),
        menu: MENUS[record.quantity % MENUS.length]!,
        amount: Math.round(record.amount * 150),
        source: 'sandbox',
      });
      if (created) visits += 1;
    }
  }
  return { customers: numbers.length, visits };
}
