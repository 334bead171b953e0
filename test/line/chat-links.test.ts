import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatLinks, prefilledMessageUrl } from '../../src/line/chat-links.js';
import { createLineApi } from '../../src/line/line-api.js';
import { JorenError } from '../../src/errors.js';
import { FakeLineApi } from '../../src/sandbox/line-api/fake-line-api.js';

describe('links that open the shop chat with a message typed in', () => {
  let fake: FakeLineApi;
  beforeAll(async () => {
    fake = await FakeLineApi.start({ channelAccessToken: 'token' });
  });
  afterAll(() => fake.stop());

  const botInfoCalls = () => fake.requests.filter((request) => request.path === '/v2/bot/info').length;

  it("carries the account's basic id from LINE and the text percent-encoded", async () => {
    const links = new ChatLinks(createLineApi({ channelAccessToken: 'token', apiBaseUrl: fake.url }));
    const before = botInfoCalls();
    const url = await links.prefilledMessage('来店 AB12 です');
    expect(url).toBe(
      'https://line.me/R/oaMessage/%40000fake/?%E6%9D%A5%E5%BA%97%20AB12%20%E3%81%A7%E3%81%99',
    );
    expect(new URL(url).search.slice(1)).toBe(encodeURIComponent('来店 AB12 です'));
    await links.prefilledMessage('紹介 XY');
    expect(botInfoCalls() - before).toBe(1);
  });

  it('says LINE could not be asked, and asks again next time', async () => {
    const links = new ChatLinks(createLineApi({ channelAccessToken: 'wrong', apiBaseUrl: fake.url }));
    const before = botInfoCalls();
    await expect(links.basicId()).rejects.toBeInstanceOf(JorenError);
    await expect(links.basicId()).rejects.toMatchObject({
      code: 'LINE_API_UNAVAILABLE',
      context: { status: 401 },
    });
    expect(botInfoCalls() - before).toBe(2);
  });

  it('refuses an empty or overlong text', async () => {
    const links = new ChatLinks(createLineApi({ channelAccessToken: 'token', apiBaseUrl: fake.url }));
    await expect(links.prefilledMessage('')).rejects.toThrow(RangeError);
    await expect(links.prefilledMessage('あ'.repeat(301))).rejects.toThrow(RangeError);
    expect(prefilledMessageUrl('@abc', 'a&b=c')).toBe('https://line.me/R/oaMessage/%40abc/?a%26b%3Dc');
  });
});
