import { describe, expect, it } from '@jest/globals';
import { referralCodeIn } from '../../src/referrals/referrals.js';
import { mourningYear, inMourningOn } from '../../src/retention/mourning.js';
import {
  allowedPlaceholders,
  catalogue,
  catalogueEntry,
  defaultText,
} from '../../src/templates/catalogue.js';
import { ja } from '../../src/templates/ja.js';
import { checkTemplate, renderTemplate } from '../../src/templates/placeholders.js';
import { sinceInJapanese } from '../../src/templates/relative-time.js';
import { voicedTemplates } from '../../src/templates/voiced-templates.js';
import { parseCalendarForm } from '../../src/voice/season-calendar.js';
import { themeOfWords } from '../../src/wishes/wishes.js';

const spec = (id: string) => {
  const entry = catalogueEntry(id)!;
  return { kind: entry.kind, placeholders: allowedPlaceholders(entry), shopName: 'サロン常連' };
};

describe('placeholders and the checks of a shop’s text', () => {
  it('every built-in default passes the checks a shop’s text must pass', () => {
    for (const entry of catalogue) {
      expect([entry.id, checkTemplate(defaultText(entry), spec(entry.id))]).toEqual([entry.id, []]);
    }
  });

  it('every text a customer may read is in the catalogue, so staff can replace each one', () => {
    const catalogued = new Set(catalogue.map((entry) => entry.id.split(':')[0]));
    expect(Object.keys(ja).filter((key) => !catalogued.has(key))).toEqual([]);
  });

  it('shows the defaults with their placeholders in place', () => {
    expect(defaultText(catalogueEntry('postVisitThanks')!)).toMatch(
      /^\{name\}様、\{when\}は\{shop\}で「\{menu\}」を/,
    );
    expect(defaultText(catalogueEntry('seasonal:new-year')!)).toContain('{year}年も皆さまに');
    expect(defaultText(catalogueEntry('useLineNameLabel')!)).toBe('「{displayName}」で登録');
  });

  it.each([
    ['welcome', '', ['empty']],
    ['welcome', '{name}様、{points}点です', ['unknown-placeholder']],
    ['welcome', '{name様', ['unbalanced-brace']],
    ['welcome', 'あ'.repeat(5_001), ['too-long']],
    ['skipLabel', 'あ'.repeat(21), ['too-long']],
    ['useLineNameLabel', '「{displayName}」でおねがいします', ['too-long']],
    ['ratingLabels:5', '{shop}のサービスにとても満足しています！！', ['too-long']],
    ['newsletterAltText', `{shop}${'あ'.repeat(396)}`, ['too-long']],
    ['welcome', '{name}様、{shop}へようこそ', []],
  ])('%s, text %#: %j', (id, text, codes) => {
    expect(checkTemplate(text, spec(id)).map((problem) => problem.code)).toEqual(codes);
  });

  it('fills placeholders in and leaves out one without a value', () => {
    expect(renderTemplate('{name}様、{menu}の件', { name: '花子', menu: undefined })).toBe('花子様、の件');
    expect(renderTemplate('{name} {other}', { name: '花子' })).toBe('花子 {other}');
  });

  it('the voiced templates use a shop version, and the default when it breaks a rule', () => {
    const versions: Record<string, string> = {
      welcome: '{name}様、{shop}です！',
      'ratingLabels:5': '最高でした',
      'seasonal:kanchu': '{name}様、{coupon}',
      skipLabel: '',
    };
    const broken: string[] = [];
    const t = voicedTemplates(ja, {
      version: (id) =>
        id in versions ? { text: versions[id]!, revision: 1, by: 'U1', at: new Date() } : undefined,
      shopName: 'サロン常連',
      broken: (entry) => broken.push(entry.id),
    });
    expect(t.welcome({ shopName: 'サロン常連', name: '花子' })).toBe('花子様、サロン常連です！');
    expect(t.ratingLabels[5]).toBe('最高でした');
    expect(t.ratingLabels[4]).toBe('4 満足');
    expect(t.seasonal.kanchu({ shopName: 'サロン常連', name: '花子', year: 2028 })).toMatch(
      /^花子様、寒中お見舞い申し上げます。/,
    );
    expect(t.skipLabel).toBe('スキップ');
    expect(broken).toEqual(['seasonal:kanchu', 'skipLabel']);
    expect(ja.welcome({ shopName: 'サロン常連', name: '花子' })).toMatch(/^花子様、サロン常連を友だち追加/);
  });
});

describe('the small readers and rules of the shop’s voice', () => {
  it.each([
    [3, '3日'],
    [20, '3週間'],
    [45, '約1か月'],
    [100, '約3か月'],
    [400, '約1年'],
    [800, '約2年'],
  ])('%i days ago reads 「%s」', (days, text) => {
    expect(sinceInJapanese(days)).toBe(text);
  });

  it.each([
    ['紹介コード AB23CD', { code: 'AB23CD', explicit: true }],
    ['紹介コード：ab23cd', { code: 'AB23CD', explicit: true }],
    ['ＡＢ２３ＣＤ', { code: 'AB23CD', explicit: false }],
    ['AB2-3CD', { code: 'AB23CD', explicit: false }],
    ['THANKS', undefined],
    ['紹介コード AB23CDE', undefined],
  ])('reads the referral code in 「%s」', (text, found) => {
    expect(referralCodeIn(text)).toEqual(found);
  });

  it('a 喪中 mark stands for the next New Year (this one when set in January)', () => {
    expect(mourningYear(new Date('2027-11-10T10:00:00+09:00'), 'Asia/Tokyo')).toBe(2028);
    expect(mourningYear(new Date('2028-01-05T10:00:00+09:00'), 'Asia/Tokyo')).toBe(2028);
    expect(inMourningOn(new Date('2027-11-10T10:00:00+09:00'), '2028-01-01', 'Asia/Tokyo')).toBe(true);
    expect(inMourningOn(new Date('2027-11-10T10:00:00+09:00'), '2029-01-01', 'Asia/Tokyo')).toBe(false);
    expect(inMourningOn(undefined, '2028-01-01', 'Asia/Tokyo')).toBe(false);
  });

  it('reads the greeting calendar form with the rules of SEASONAL_WINDOWS', () => {
    const lines = {
      'new-year': '01-01..01-03',
      kanchu: '01-08〜02-03',
      shochu: '０７-１５..０８-０６',
      zansho: '08-07..08-31',
      'year-end': 'off',
    };
    const parsed = parseCalendarForm(lines);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(parsed.seasons.find((s) => s.id === 'year-end')).toMatchObject({ off: true });
    expect(parseCalendarForm({ ...lines, zansho: '08-01..08-31' })).toEqual({
      ok: false,
      problems: [{ id: 'shochu', code: 'overlap', with: 'zansho' }],
    });
    expect(parseCalendarForm({ ...lines, kanchu: '02-03..01-08' })).toEqual({
      ok: false,
      problems: [{ id: 'kanchu', code: 'order' }],
    });
  });

  it.each([
    ['夜遅くまで開いていると嬉しい', 'time'],
    ['ヘッドスパのメニューがほしい', 'service'],
    ['使っているシャンプーを買いたい', 'product'],
    ['スタッフさんが優しい', 'other'],
  ])('a wish typed as 「%s」 is about %s', (text, theme) => {
    expect(themeOfWords(text)).toBe(theme);
  });
});
