/**
 * Why the contact policy sends, waits or holds back, in words staff read (Japanese first, English
 * alongside). Codes are stable for code and storage; texts are for people.
 */
export type ReasonCode =
  | 'not-on-line'
  | 'blocked'
  | 'opted-out'
  | 'open-complaint'
  | 'already-sent'
  | 'frequency-cap'
  | 'yields-to-birthday'
  | 'quiet-hours'
  | 'budget'
  | 'quota-exhausted'
  | 'no-message'
  | 'uncertain'
  | 'not-birthday'
  | 'no-season'
  | 'season-off'
  | 'recently-contacted'
  | 'not-stagger-day'
  | 'no-edition'
  | 'not-lapsed'
  | 'lapsed-long-ago'
  | 'snoozed'
  | 'staff-contacted'
  | 'no-follow-up'
  | 'due';

export type ReasonParams = Record<string, string | number>;

/** One reason, with its rendering in both languages. */
export interface PolicyReason {
  code: ReasonCode;
  params: ReasonParams;
  ja: string;
  en: string;
}

type Render = (p: ReasonParams) => { ja: string; en: string };

const texts: Record<ReasonCode, Render> = {
  'not-on-line': () => ({
    ja: 'LINEの友だちではないため送れません',
    en: 'Not a LINE friend of the shop, so nothing can be sent',
  }),
  blocked: () => ({
    ja: 'ブロックされているため送りません',
    en: 'The customer blocked the shop (or LINE cannot reach them)',
  }),
  'opted-out': () => ({
    ja: 'お知らせの受け取りを希望されていないため送りません',
    en: 'The customer opted out of news and greetings',
  }),
  'open-complaint': () => ({
    ja: '対応中のご意見(苦情)があるため、解決まで販促の連絡を控えます',
    en: 'An open complaint case: no marketing until it is resolved',
  }),
  'already-sent': (p) => ({
    ja: `この連絡は送信済みです(${p.period})`,
    en: `Already sent for this period (${p.period})`,
  }),
  'frequency-cap': (p) => ({
    ja: `直近${p.days}日間に${p.count}通お送りしています(上限${p.max}通)。次に送れるのは${p.nextDay}です`,
    en: `${p.count} message(s) in the last ${p.days} days (limit ${p.max}); next possible on ${p.nextDay}`,
  }),
  'yields-to-birthday': (p) => ({
    ja: `${p.birthday}のお誕生日メッセージを優先するため、今回は控えます`,
    en: `Held back for the birthday message on ${p.birthday}, which comes first`,
  }),
  'quiet-hours': (p) => ({
    ja: `夜間(${p.start}〜${p.end})のため、${p.until}にお送りします`,
    en: `Quiet hours (${p.start}–${p.end}): deferred to ${p.until}`,
  }),
  budget: (p) => ({
    ja: `今月の配信枠の残り${p.remaining}通のうち${p.reserved}通を優先度の高い連絡に確保しているため見送りました(この種類に使えるのは${p.allowance}通)`,
    en: `Monthly budget: ${p.reserved} of the ${p.remaining} messages left are kept for higher-priority touches; ${p.allowance} were available for this kind`,
  }),
  'quota-exhausted': () => ({
    ja: 'LINEの今月の送信上限に達したため送れませんでした',
    en: "LINE refused: the plan's monthly message limit is reached",
  }),
  'no-message': () => ({
    ja: '送る内容がなくなりました(来店記録の削除、回答済みなど)',
    en: 'Nothing to send any more (visit deleted, already answered…)',
  }),
  uncertain: () => ({
    ja: '以前の送信が届いたか確認できないため、二重送信を避けて再送しません',
    en: 'An earlier attempt could not be confirmed; not resent, to avoid sending twice',
  }),
  'not-birthday': (p) => ({
    ja: `お誕生日ではありません${p.birthday ? `(${p.birthday})` : '(未登録)'}`,
    en: `Not their birthday${p.birthday ? ` (${p.birthday})` : ' (not recorded)'}`,
  }),
  'no-season': () => ({ ja: '季節のご挨拶の時期ではありません', en: 'No seasonal greeting is due' }),
  'no-edition': (p) => ({
    ja: `${p.month}のお知らせ（ニュースレター）がないため、定期のご連絡は送りません`,
    en: `No newsletter edition for ${p.month}, so no regular touch`,
  }),
  'season-off': (p) => ({
    ja: `「${p.season}」のご挨拶はオフに設定されています`,
    en: `The "${p.season}" greeting is switched off`,
  }),
  'recently-contacted': (p) => ({
    ja: `最後の連絡から${p.days}日です(${p.after}日空いたらお送りします)`,
    en: `Last contact ${p.days} days ago (a touch goes after ${p.after} days)`,
  }),
  'not-stagger-day': (p) => ({
    ja: `一度に送らないよう分散しており、この方の配信日は${p.nextDay}です`,
    en: `Spread over days so the shop never sends all at once; this customer's day is ${p.nextDay}`,
  }),
  'not-lapsed': () => ({
    ja: 'いつもの来店間隔の範囲内です',
    en: 'Within their usual interval between visits',
  }),
  'lapsed-long-ago': (p) => ({
    ja: `${p.since}から離れており、新たな離反ではありません`,
    en: `Lapsed since ${p.since}: not a new lapse`,
  }),
  snoozed: (p) => ({
    ja: `スタッフが${p.until}まで保留にしています`,
    en: `Staff snoozed it until ${p.until}`,
  }),
  'staff-contacted': () => ({
    ja: 'スタッフが直接ご連絡済みです',
    en: 'Staff already contacted the customer themselves',
  }),
  'no-follow-up': () => ({
    ja: 'この日に予定された来店後のご連絡はありません',
    en: 'No post-visit follow-up falls on this day',
  }),
  due: (p) => ({ ja: `送信予定です(${p.what})`, en: `Due: ${p.what}` }),
};

/**
 * Builds a reason with its Japanese and English wording. The wording is rendered when read (a run
 * decides for 100,000 customers and reads the words of few), yet serialises like plain fields.
 */
export function reason(code: ReasonCode, params: ReasonParams = {}): PolicyReason {
  return {
    code,
    params,
    get ja() {
      return texts[code](params).ja;
    },
    get en() {
      return texts[code](params).en;
    },
  };
}
