import { describe, expect, it } from '@jest/globals';
import { editDistance, matchScore, searchForm } from '../../src/customers/name-match.js';
import { customerQuery, normalizeArgument } from '../../src/slack/commands/arguments.js';
import { escapeMrkdwn, slackToPlainText } from '../../src/slack/mrkdwn.js';
import { checkSlackSignature, slackSignature } from '../../src/slack/signature.js';

describe('names as staff type them', () => {
  it.each([
    ['ﾔﾏﾀﾞ ﾊﾅｺ', 'やまだはなこ'],
    ['ヤマダ\u3000ハナコ', 'やまだはなこ'],
    ['ＹＡＭＡＤＡ', 'yamada'],
    ['ジョッキー', 'じよつきー'],
    ['山田・花子', '山田花子'],
  ])('%s is compared as %s', (typed, form) => {
    expect(searchForm(typed)).toBe(form);
  });

  it('scores exact over beginning over inside over a letter off; too short or too far is no match', () => {
    expect(matchScore('はなこ', 'はなこ')).toBe(100);
    expect(matchScore('やまだ', 'やまだはなこ')).toBe(90);
    expect(matchScore('はなこ', 'やまだはなこ')).toBe(80);
    expect(matchScore('はなご', 'はなこ')).toBe(60);
    expect(matchScore('はなご', 'やまだはなこ')).toBe(50);
    expect(matchScore('はご', 'はこ')).toBe(0);
    expect(matchScore('すずき', 'やまだはなこ')).toBe(0);
  });

  it('edit distance stops early past its limit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});

describe('command arguments', () => {
  it('normalizes width, spaces, quotes and Slack escapes', () => {
    expect(normalizeArgument('  「ｙａｍａｄａ\u3000ｈａｎａｋｏ」 ')).toBe('yamada hanako');
    expect(normalizeArgument('&lt;b&gt; &amp;')).toBe('<b> &');
  });

  it('tells ids from names, with or without @, in any width and case', () => {
    const id = 'U' + 'ab'.repeat(16);
    expect(customerQuery.parse(id)).toEqual({ kind: 'id', id });
    expect(customerQuery.parse(`@${id.toUpperCase()}`)).toEqual({ kind: 'id', id });
    expect(customerQuery.parse('ext:pos:1234')).toEqual({ kind: 'id', id: 'ext:pos:1234' });
    expect(customerQuery.parse('@やまだ')).toEqual({ kind: 'name', text: 'やまだ' });
    expect(customerQuery.parse('{"$gt": ""}')).toEqual({ kind: 'name', text: '{"$gt": ""}' });
    expect(customerQuery.safeParse('').success).toBe(false);
    expect(customerQuery.safeParse('@').success).toBe(false);
    expect(customerQuery.safeParse('x'.repeat(81)).success).toBe(false);
  });
});

describe('text crossing between LINE and Slack', () => {
  it('escapes what customers write before it is posted', () => {
    expect(escapeMrkdwn('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
  });

  it.each([
    ['<https://salon.example|予約ページ>', '予約ページ (https://salon.example)'],
    ['<https://salon.example>', 'https://salon.example'],
    ['<mailto:shop@example.com|shop@example.com>', 'shop@example.com'],
    ['<@U0123|tanaka> さん', 'tanaka さん'],
    ['<@U0123> さん', 'さん'],
    ['<#C0123|general>', '#general'],
    ['<!here> お知らせ', 'お知らせ'],
    ['1 &lt; 2 &amp;&amp; 3 &gt; 2', '1 < 2 && 3 > 2'],
  ])('staff writing %s reaches LINE as %s', (slack, plain) => {
    expect(slackToPlainText(slack)).toBe(plain);
  });
});

describe("Slack's request signature", () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  // The worked example of Slack's "Verifying requests from Slack".
  const body = Buffer.from(
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  );
  const now = new Date(1_531_420_618 * 1000);

  it("matches the example in Slack's documentation", () => {
    expect(slackSignature(secret, 1_531_420_618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
    expect(
      checkSlackSignature({
        signingSecret: secret,
        body,
        signature: slackSignature(secret, 1_531_420_618, body),
        timestamp: '1531420618',
        now,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses missing headers, a stale or future timestamp, and a wrong signature', () => {
    const sign = (ts: number) => slackSignature(secret, ts, body);
    const check = (signature: string | undefined, timestamp: string | undefined) =>
      checkSlackSignature({ signingSecret: secret, body, signature, timestamp, now });
    expect(check(undefined, '1531420618')).toEqual({ ok: false, reason: 'missing' });
    expect(check(sign(1_531_420_618 - 301), String(1_531_420_618 - 301))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(check(sign(1_531_420_618 + 301), String(1_531_420_618 + 301))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(check(sign(1_531_420_618 - 300), String(1_531_420_618 - 300))).toEqual({ ok: true });
    expect(check('v0=00', '1531420618')).toEqual({ ok: false, reason: 'mismatch' });
  });
});
