/**
 * The fake LINE Messaging API as a process of its own for bench:fanout (so killing the bot does not
 * kill LINE, and LINE's retry keys survive the restart). Controlled over IPC by the benchmark.
 *
 * env: FAKE_TOKEN, FAKE_USERS (how many users: U + 32 hex digits of 0..n-1), FAKE_PUSH_RATE (push
 * requests a second before 429), FAKE_FAULT_RATE (share of 500s and, separately, of 429s).
 */
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

import { benchUserId } from './lib/bench-users.js';

async function main() {
  const users = Number(process.env.FAKE_USERS ?? 100_000);
  const fake = await FakeLineApi.start({
    channelAccessToken: process.env.FAKE_TOKEN ?? 'bench-token',
    record: false,
  });
  for (let i = 0; i < users; i++) fake.addUser({ displayName: `客${i}` }, benchUserId(i));
  // A running total: summing 100,000 counts ten times a second would tax the process being measured.
  let total = 0;
  fake.onDelivery(() => total++);
  fake.setRateLimit('push', Number(process.env.FAKE_PUSH_RATE ?? 2000));
  const faults = Number(process.env.FAKE_FAULT_RATE ?? 0.01);
  fake.setRandomFaults({ rate500: faults, rate429: faults });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'count') {
      process.send?.({
        type: 'count',
        delivered: total,
      });
    } else if (message.type === 'stats') {
      let duplicates = 0;
      let missing = 0;
      let delivered = 0;
      for (let i = 0; i < users; i++) {
        const count = fake.deliveryCounts.get(benchUserId(i)) ?? 0;
        delivered += count;
        if (count === 0) missing++;
        if (count > 1) duplicates++;
      }
      process.send?.({ type: 'stats', delivered, duplicates, missing });
    } else if (message.type === 'stop') {
      void fake.stop().then(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', url: fake.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
