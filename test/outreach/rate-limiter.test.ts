import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createLineSendClient } from '../../src/line/line-send-client.js';
import { retryKeyFor } from '../../src/line/retry-key.js';
import { createLogger } from '../../src/log.js';
import { LineDelivery } from '../../src/outreach/line-delivery.js';
import { sendLimiters } from '../../src/outreach/rate-limiter.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

const TOKEN = 'rate-test-token';
/** LINE's limit for the channel in this test (requests a second; scaled down from 2,000). */
const CHANNEL_PUSH_PER_SECOND = 20;
const PUSHES_PER_INSTANCE = 20;

/**
 * Two processes fanning out for one channel (JOREN_INSTANCES=2): each paces at half the channel's
 * rate, so together they stay under LINE's limit, where two undivided limiters run into its 429s.
 */
describe('the client-side LINE rate limit with several instances', () => {
  let fake: FakeLineApi;
  let users: string[];
  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: TOKEN, record: true });
    users = Array.from({ length: 2 * PUSHES_PER_INSTANCE }, (_, i) => fake.addUser({ displayName: `u${i}` }));
  });
  afterAll(async () => {
    await fake.stop();
  });

  /** One process's delivery, with its limiters as the app builds them from the configuration. */
  const instance = (env: Record<string, string>) => {
    const config = loadConfig({ ...env, LINE_PUSH_PER_SECOND: String(CHANNEL_PUSH_PER_SECOND) });
    const client = createLineSendClient({ channelAccessToken: TOKEN, apiBaseUrl: fake.url });
    const policy = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 };
    return new LineDelivery(
      client,
      sendLimiters(config.scheduler.lineRate, config.instances),
      createLogger('silent'),
      policy,
    );
  };

  /** Both instances push their share at once; the send rate LINE saw, and its 429s. */
  async function run(env: Record<string, string>, round: string) {
    fake.reset();
    // LINE's bucket for the channel, full at the start as after a quiet minute.
    fake.setRateLimit('push', CHANNEL_PUSH_PER_SECOND);
    const [a, b] = [instance(env), instance(env)];
    const started = Date.now();
    await Promise.all(
      [a, b].map((delivery, n) =>
        Promise.all(
          users
            .slice(n * PUSHES_PER_INSTANCE, (n + 1) * PUSHES_PER_INSTANCE)
            .map((to) =>
              delivery.push(to, [{ type: 'text', text: 'お知らせ' }], retryKeyFor(`${round}:${to}`)),
            ),
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const statuses = fake.requests.map((r) => r.status);
    return {
      rejected: statuses.filter((s) => s === 429).length,
      accepted: statuses.filter((s) => s === 200).length,
      perSecond: statuses.length / seconds,
    };
  }

  it('with JOREN_INSTANCES=2 each instance takes half: no 429, the pair sends at the channel rate', async () => {
    const shared = await run({ JOREN_INSTANCES: '2' }, 'halved');
    expect(shared.rejected).toBe(0);
    expect(shared.accepted).toBe(2 * PUSHES_PER_INSTANCE);
    // 40 pushes at 2 × 10 a second: about 2 s, so at most the channel's rate (and a first slot each).
    expect(shared.perSecond).toBeLessThanOrEqual(CHANNEL_PUSH_PER_SECOND * 1.15);
  });

  it('left at 1, two instances together run into LINE’s limit', async () => {
    const undivided = await run({}, 'undivided');
    expect(undivided.rejected).toBeGreaterThan(0);
  });
});
