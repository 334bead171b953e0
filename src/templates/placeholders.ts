/**
 * Placeholders in the shop's own texts (`{name}`, `{shop}`…): what each means, how to fill them in,
 * and the checks a text passes before it is stored or sent. Pure: text in, text or problems out.
 */

/** LINE's limits (Messaging API reference): a text message, a quick-reply label, a Flex altText. */
export const LINE_TEXT_MAX = 5_000;
export const LINE_LABEL_MAX = 20;
export const LINE_ALT_TEXT_MAX = 400;

/** What a text is in a LINE message, which decides its limit. */
export type TemplateKind = 'text' | 'label' | 'altText';

export const kindLimit: Record<TemplateKind, number> = {
  text: LINE_TEXT_MAX,
  label: LINE_LABEL_MAX,
  altText: LINE_ALT_TEXT_MAX,
};

/** Every placeholder Joren knows, with what staff read about it and the widest value it may take. */
export const placeholderInfo = {
  name: { ja: 'お客様のお名前（呼び名、なければ LINE の名前）', en: "the customer's name", width: 20 },
  shop: { ja: '店名', en: "the shop's name", width: 40 },
  menu: {
    ja: 'ご来店時のメニュー（記録がなければ空）',
    en: 'the menu of the visit (may be empty)',
    width: 20,
  },
  when: { ja: '「昨日」または「先日」', en: '"yesterday" or "the other day"', width: 2 },
  displayName: { ja: 'LINE の表示名（12文字まで）', en: 'the LINE display name (12 characters)', width: 12 },
  month: { ja: '月', en: 'month', width: 2 },
  day: { ja: '日', en: 'day', width: 2 },
  year: { ja: '年', en: 'year', width: 4 },
  typed: { ja: 'お客様が入力した文字', en: 'what the customer typed', width: 16 },
  hours: { ja: '営業時間', en: 'opening hours', width: 30 },
  reviewUrl: { ja: '口コミページの URL', en: 'the review page URL', width: 200 },
  bookingUrl: { ja: '予約ページの URL', en: 'the booking page URL', width: 200 },
  resolution: { ja: 'スタッフが書いた対応内容', en: 'what staff wrote about the resolution', width: 500 },
  lastService: { ja: '前回のメニュー（記録がなければ空）', en: 'the last menu (may be empty)', width: 20 },
  sinceLastVisit: { ja: '前回のご来店からの期間（例: 約2か月）', en: 'time since the last visit', width: 8 },
  code: { ja: 'お客様の紹介コード', en: "the customer's referral code", width: 6 },
  link: {
    ja: '紹介コード入りでトークを開くリンク',
    en: 'the link that opens the chat with the code',
    width: 120,
  },
} as const;

export type PlaceholderName = keyof typeof placeholderInfo;

const PLACEHOLDER = /\{([^{}\s]{1,30})\}/g;

/** The names of the placeholders a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** Fills the placeholders in; one without a value (no menu recorded) is left out. */
export function renderTemplate(text: string, values: Record<string, string | undefined>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] ?? '') : whole,
  );
}

/** Why a text cannot be stored or sent. */
export type TemplateProblem =
  | { code: 'empty' }
  | { code: 'unknown-placeholder'; names: string[] }
  | { code: 'unbalanced-brace' }
  | { code: 'too-long'; limit: number; length: number };

/**
 * Checks a shop's text before it is stored: not empty, only the placeholders this message offers,
 * braces that close, and within LINE's limit for its kind with every placeholder at its widest
 * (`{shop}` at the shop's own name).
 */
export function checkTemplate(
  text: string,
  spec: { kind: TemplateKind; placeholders: readonly string[]; shopName: string },
): TemplateProblem[] {
  if (text.trim() === '') return [{ code: 'empty' }];
  const problems: TemplateProblem[] = [];
  const allowed = new Set(spec.placeholders);
  const unknown = placeholdersIn(text).filter((name) => !allowed.has(name));
  if (unknown.length > 0) problems.push({ code: 'unknown-placeholder', names: unknown });
  if (/[{}]/.test(text.replace(PLACEHOLDER, ''))) problems.push({ code: 'unbalanced-brace' });
  const widest = renderTemplate(
    text,
    Object.fromEntries(
      spec.placeholders.map((name) => [name, name === 'shop' ? spec.shopName : 'x'.repeat(widthOf(name))]),
    ),
  );
  const limit = kindLimit[spec.kind];
  if (widest.length > limit) problems.push({ code: 'too-long', limit, length: widest.length });
  return problems;
}

/**
 * Checks a text as rendered for one customer, just before it is sent (its placeholders were checked
 * on the stored text: a customer's name may well contain braces).
 */
export function checkRendered(rendered: string, kind: TemplateKind): TemplateProblem[] {
  if (rendered.trim() === '') return [{ code: 'empty' }];
  const limit = kindLimit[kind];
  return rendered.length > limit ? [{ code: 'too-long', limit, length: rendered.length }] : [];
}

function widthOf(name: string): number {
  return name in placeholderInfo ? placeholderInfo[name as PlaceholderName].width : 10;
}
