import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { classifyLineFailure, createLineApi, createLineBlobApi } from '../../src/line/line-api.js';
import { createLineSendClient } from '../../src/line/line-send-client.js';
import { createLogger } from '../../src/log.js';
import { slackClientOptions } from '../../src/slack/web-client.js';
import { SilentServer } from '../support/silent-server.js';

const TIMEOUT_MS = 300;
const USER = `U${'a'.repeat(32)}`;
const RETRY_KEY = '123e4567-e89b-42d3-a456-426614174000';
const text = [{ type: 'text' as const, text: 'こんにちは' }];

/**
 * Every outbound call has a real timeout: against a server that never answers, the call fails after
 * its deadline and the server sees the connection closed (a Promise.race would leave it open).
 */
describe('outbound calls against a server that never answers', () => {
  let silent: SilentServer;
  beforeEach(async () => {
    silent = await SilentServer.start();
  });
  afterEach(async () => {
    await silent.stop();
  });

  async function expectAborted(call: () => Promise<unknown>) {
    const started = Date.now();
    const error = await call().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(silent.requests.length).toBeGreaterThan(0);
    // The server sees the client hang up right after the deadline.
    await silent.allClosed(500);
    for (const request of silent.requests) {
      expect(request.closedAt! - request.arrivedAt).toBeLessThan(TIMEOUT_MS + 500);
    }
    return error;
  }

  it('the LINE SDK client: profile, reply, push, bot info, rich menu, and its data API', async () => {
    const api = createLineApi({ channelAccessToken: 't', apiBaseUrl: silent.url, timeoutMs: TIMEOUT_MS });
    const blob = createLineBlobApi({
      channelAccessToken: 't',
      apiBaseUrl: silent.url,
      timeoutMs: TIMEOUT_MS,
    });
    const calls: [string, () => Promise<unknown>][] = [
      ['GET /v2/bot/profile', () => api.getProfile(USER)],
      ['POST /v2/bot/message/reply', () => api.replyMessage({ replyToken: 'r', messages: text })],
      ['POST /v2/bot/message/push', () => api.pushMessage({ to: USER, messages: text }, RETRY_KEY)],
      ['GET /v2/bot/info', () => api.getBotInfo()],
      ['POST /v2/bot/user/all/richmenu', () => api.setDefaultRichMenu('richmenu-1')],
      [
        'POST /v2/bot/richmenu/richmenu-1/content',
        () => blob.setRichMenuImage('richmenu-1', new Blob([new Uint8Array(8)], { type: 'image/png' })),
      ],
    ];
    for (const [expected, call] of calls) {
      silent.requests.length = 0;
      const error = await expectAborted(call);
      expect(`${silent.requests[0]!.method} ${silent.requests[0]!.path}`).toContain(expected);
      // A timeout is a failure worth retrying, with no HTTP status.
      expect(classifyLineFailure(error)).toMatchObject({ kind: 'retryable', status: 0 });
    }
  });

  it("the fan-out's push and multicast client", async () => {
    const client = createLineSendClient({
      channelAccessToken: 't',
      apiBaseUrl: silent.url,
      timeoutMs: TIMEOUT_MS,
    });
    await expectAborted(() => client.push(USER, text, RETRY_KEY));
    silent.requests.length = 0;
    await expectAborted(() => client.multicast([USER], text, RETRY_KEY));
  });

  it('the Slack Web API client', async () => {
    const log = createLogger('silent');
    const web = new webApi.WebClient('xoxb-test', {
      ...slackClientOptions(`${silent.url}/api/`, log, TIMEOUT_MS),
      retryConfig: { retries: 0 },
    });
    await expectAborted(() => web.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(silent.requests[0]!.path).toBe('/api/chat.postMessage');
  });
});
