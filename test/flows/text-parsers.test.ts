import { describe, expect, it } from '@jest/globals';
import { birthdayFromPicker, parseBirthday } from '../../flows/text/birthday-parser.js';
import { detectDissatisfaction } from '../../flows/text/dissatisfaction.js';
import { commandForm, normalizeTyped } from '../../flows/text/normalize.js';
import { parseRating } from '../../flows/text/rating-parser.js';
import { readCallName } from '../../flows/text/call-name.js';

const now = new Date('2026-11-25T00:00:00Z');

describe('parseBirthday', () => {
  it.each([
    ['3/14', { month: 3, day: 14 }],
    ['3月14日', { month: 3, day: 14 }],
    ['３月１４日', { month: 3, day: 14 }],
    ['0314', { month: 3, day: 14 }],
    ['３／１４', { month: 3, day: 14 }],
    [' 12/01 ', { month: 12, day: 1 }],
    ['1990-03-14', { year: 1990, month: 3, day: 14 }],
    ['1990/3/14', { year: 1990, month: 3, day: 14 }],
    ['1990年3月14日', { year: 1990, month: 3, day: 14 }],
    ['19900314', { year: 1990, month: 3, day: 14 }],
    ['2/29', { month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
  ])('reads %s', (typed, birthday) => {
    expect(parseBirthday(typed, now)).toEqual({ ok: true, birthday });
  });

  it.each(['2/30', '13/1', '0/5', '4/31', '1999-02-29', '2030-01-01', '1850-01-01'])(
    'refuses the impossible date %s',
    (typed) => {
      expect(parseBirthday(typed, now)).toEqual({ ok: false, reason: 'impossible' });
    },
  );

  it.each(['こんにちは', '3月', '', '12345', 'あした'])('does not read %j as a date', (typed) => {
    expect(parseBirthday(typed, now)).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('reads the date picker and refuses a date that does not exist', () => {
    expect(birthdayFromPicker('1988-07-07')).toEqual({ year: 1988, month: 7, day: 7 });
    expect(birthdayFromPicker('1989-02-29')).toBeUndefined();
  });
});

describe('parseRating', () => {
  it.each([
    ['5', 5],
    ['５', 5],
    ['4点', 4],
    ['3/5', 3],
    ['★★★★', 4],
    ['★★☆☆☆', 2],
    ['とても満足', 5],
    ['満足です', 5],
    ['普通', 3],
    ['不満', 1],
    ['やや不満', 2],
  ])('reads %s as %d', (typed, rating) => {
    expect(parseRating(typed)).toBe(rating);
  });

  it.each(['6', '0', '45', 'よかったです', '5回目です'])('does not read %j as a rating', (typed) => {
    expect(parseRating(typed)).toBeUndefined();
  });
});

describe('detectDissatisfaction', () => {
  it.each([
    '不満です',
    '最悪でした',
    '正直がっかりしました',
    'もう二度と行きません',
    '二度と利用しないと思います',
    '返金してください',
    'クレームを入れたいです',
    'スタッフの対応が悪いと思いました',
    '受付の態度が失礼でした',
    '失礼な対応をされました',
    'カラーに失敗されました',
    'もう行かないです',
    '不快な思いをしました',
  ])('hears dissatisfaction in %s', (text) => {
    expect(detectDissatisfaction(text).dissatisfied).toBe(true);
  });

  it.each([
    '不満はありません',
    '特に不満なし',
    '全く不満はないです',
    '最悪ではなかったです',
    'がっかりしなかった',
    'クレームではないのですが、次回は少し短めに',
    '返金は不要です',
    'とても良かったです',
    '失礼します、予約の変更をお願いします',
    'また行きます！',
    '二度と忘れない素敵な時間でした',
  ])('does not hear a complaint in %s', (text) => {
    expect(detectDissatisfaction(text).dissatisfied).toBe(false);
  });
});

describe('normalizeTyped and commandForm', () => {
  it('makes full-width input half-width and trims it', () => {
    expect(normalizeTyped('　ＳＴＯＰ　')).toBe('STOP');
    expect(commandForm('配信 停止。')).toBe('配信停止');
    expect(commandForm('Stop!')).toBe('stop');
  });
});

describe('readCallName', () => {
  it.each([
    ['山田', '山田'],
    ['山田です', '山田'],
    ['はなこと申します。', 'はなこ'],
    ['ＴＡＲＯ', 'TARO'],
    ['佐藤さん', '佐藤'],
  ])('reads %s as %s', (typed, name) => {
    expect(readCallName(typed, 20)).toEqual({ kind: 'name', name });
  });

  it.each(['こんにちは', 'よろしくお願いします！', 'はじめまして'])('recognises the greeting %s', (typed) => {
    expect(readCallName(typed, 20)).toEqual({ kind: 'greeting' });
  });

  it.each(['明日の10時に予約できますか。', 'a'.repeat(21), '090-1234-5678'])(
    'does not take %s for a name',
    (typed) => {
      expect(readCallName(typed, 20)).toEqual({ kind: 'not-a-name' });
    },
  );
});
