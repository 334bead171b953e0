import type { TemplateGroup } from '../../templates/catalogue.js';
import type { TemplateKind } from '../../templates/placeholders.js';

/**
 * What staff read about the shop's voice — texts, the newsletter, the greeting calendar, the 喪中
 * mark, wishes and referrals on the customer card and in /stats — in Japanese. English in
 * voice-en.ts, with the same keys. Interpolated values are already escaped for Slack.
 */
export const voiceJa = {
  groups: {
    onboarding: '友だち追加・ご登録',
    survey: 'お礼・アンケート・ご要望',
    complaint: 'クレーム対応',
    'win-back': 'お久しぶりメッセージ',
    greetings: '誕生日・季節のご挨拶',
    newsletter: 'お知らせ（ニュースレター）の前後の文',
    referral: 'ご紹介',
    visits: '来店チェックイン・電話番号',
    answers: '配信停止・その他のお返事',
  } as Record<TemplateGroup, string>,
  kinds: {
    text: 'メッセージ（LINE の上限 5,000 文字）',
    label: 'ボタンの文字（LINE の上限 20 文字）',
    altText: '通知に出る文字（LINE の上限 400 文字）',
  } as Record<TemplateKind, string>,

  // ---- /joren templates ------------------------------------------------------------------------
  templatesIntro:
    '*✏️ お客様に送る文面*\nどの文面を編集しますか？グループを選んでください。お店の文面がない文は、既定の文面で送られます。',
  templatesGroup: ({ group }: { group: string }) => `*✏️ ${group}*`,
  templatesUnknownGroup: ({ typed }: { typed: string }) => `「${typed}」というグループはありません。`,
  customized: '✏️ お店の文面',
  asDefault: '既定',
  editButton: '編集',
  backButton: '◀ グループ一覧',
  modalTitle: '文面の編集',
  modalSave: '保存',
  modalClose: '閉じる',
  modalWhat: ({ group, id, kind }: { group: string; id: string; kind: string }) =>
    `*${group}* · \`${id}\` · ${kind}`,
  modalStatusShop: ({ who, at }: { who: string; at: string }) => `いまはお店の文面です（${at} ${who}）。`,
  modalStatusDefault: 'いまは既定の文面です。',
  modalPlaceholders: '*使える差し込み項目*',
  modalNoPlaceholders: 'この文面に差し込み項目はありません（{shop} は店名）。',
  modalTextLabel: '文面',
  modalTextHint:
    '差し込み項目は {name} のように書きます。保存すると次に送る分から使われます（ほかのサーバーでも30秒以内）。',
  modalPreview: ({ name }: { name: string }) => `*プレビュー*（${name}様の場合）`,
  previewSample: 'サンプルのお客様',
  previewButton: 'プレビューを更新',
  resetButton: '既定に戻す',
  resetConfirmTitle: '既定の文面に戻しますか？',
  resetConfirmText: 'お店の文面は変更の履歴に残ります。',
  resetConfirmYes: '戻す',
  resetConfirmNo: 'やめる',
  modalHistory: '*変更の履歴*',
  historySaved: ({ who, at }: { who: string; at: string }) => `${at} ${who}: 保存`,
  historyReset: ({ who, at }: { who: string; at: string }) => `${at} ${who}: 既定に戻す`,
  historyNone: 'まだ変更はありません。',
  textSaved: ({ user, what }: { user: string; what: string }) =>
    `✏️ <@${user}> さんが文面「${what}」を変更しました。次に送る分から使われます。`,
  textReset: ({ user, what }: { user: string; what: string }) =>
    `↩️ <@${user}> さんが文面「${what}」を既定に戻しました。`,

  // ---- /joren newsletter ------------------------------------------------------------------------
  newsletterTitle: 'お知らせの作成',
  newsletterSubmit: '予約する',
  newsletterOpened: 'お知らせの作成画面を開きました。',
  newsletterMonth: '号（送る月）',
  monthName: ({ year, month }: { year: number; month: number }) => `${year}年${month}月号`,
  newsletterText: 'お知らせの本文',
  newsletterTextHint:
    'お客様のお名前、前回のご来店についての一文、配信停止のご案内は、前後に自動で付きます（文面は /joren templates newsletter）。',
  newsletterImage: '画像の URL（任意・https）',
  newsletterImageHint:
    'LINE で表示できる https の画像（JPEG または PNG、1MB まで: トークのプレビューにも同じ画像を使います）。',
  newsletterStyle: '画像の送り方',
  styleImage: '本文のあとに画像',
  styleFlex: '画像つきカード（Flex メッセージ）',
  newsletterExisting: ({ who, at }: { who: string; at: string }) =>
    `この月の号は予約済みです（${at} ${who}）。予約し直すと差し替えます（すでに届いたお客様には送りません）。`,
  newsletterNew: 'この月の号はまだありません。',
  newsletterPreview: ({ name }: { name: string }) => `*プレビュー*（${name}様に届く内容）`,
  newsletterPreviewEmpty: '本文を入れて「プレビューを更新」を押すと、お客様に届く形で表示されます。',
  newsletterPreviewImage: ({ url }: { url: string }) => `🖼 続けて画像: ${url}`,
  newsletterPreviewFlex: ({ url, alt }: { url: string; alt: string }) =>
    `🖼 画像つきカード（画像: ${url}）· 通知の文: ${alt}`,
  newsletterProblems: {
    month: '送る月を選んでください。',
    'past-month': '過ぎた月には予約できません。',
    text: '本文を入れてください（3,000文字まで）。',
    'image-url': '画像の URL は https:// で始まる URL にしてください。',
  } as Record<string, string>,
  newsletterScheduled: ({ user, month }: { user: string; month: string }) =>
    `📰 <@${user}> さんが${month}のお知らせを予約しました。その月のあいだ、各お客様の連絡の間隔に合わせて1人1回ずつ届きます。`,

  // ---- /joren seasons -----------------------------------------------------------------------------
  seasonsTitle: '季節のご挨拶の暦',
  seasonsSave: '保存',
  seasonsOpened: '季節のご挨拶の暦を開きました。',
  seasonsIntro:
    '各ご挨拶を送る期間を `MM-DD..MM-DD` で入れてください（`off` で送りません）。文面は `/joren templates greetings` で編集できます。喪中のお客様には年始のご挨拶の代わりに寒中見舞いが届きます。',
  seasonNames: {
    'new-year': '年始のご挨拶',
    kanchu: '寒中見舞い',
    shochu: '暑中見舞い',
    zansho: '残暑見舞い',
    'year-end': '年末のお礼',
  } as Record<string, string>,
  seasonsFormat: 'MM-DD..MM-DD（例: 07-15..08-06）か off で入れてください。',
  seasonsOrder: '始まりの日が終わりの日より後になっています（年をまたぐ期間は使えません）。',
  seasonsOverlap: ({ other }: { other: string }) => `${other}の期間と重なっています。`,
  seasonsSaved: ({ user }: { user: string }) => `🎍 <@${user}> さんが季節のご挨拶の暦を変更しました。`,

  // ---- the customer card ------------------------------------------------------------------------
  fieldMourning: '喪中',
  mourningOn: ({ year }: { year: number }) =>
    `喪中（${year}年の年始のご挨拶は控え、寒中見舞いをお送りします）`,
  mourningButtonOn: '喪中にする',
  mourningButtonOff: '喪中を解除',
  fieldWishes: 'ご要望',
  wishThemes: {
    service: '新しいメニュー',
    time: '営業時間・曜日',
    product: '商品・物販',
    other: 'その他',
  } as Record<string, string>,
  fieldReferrals: 'ご紹介',
  referredBy: ({ name, at }: { name: string; at: string }) => `${name}様からのご紹介（${at}）`,
  referredCount: ({ count }: { count: number }) => `ご紹介いただいた方 ${count}人`,
  referralCode: ({ code }: { code: string }) => `紹介コード ${code}`,

  // ---- /stats -------------------------------------------------------------------------------------
  statsGrowth: '*成長の計算*',
  statsResponse: 'アンケート回答率',
  statsResponseValue: ({ rate, sent, answered }: { rate: string; sent: number; answered: number }) =>
    `${rate}（送信 ${sent} · 回答 ${answered}）`,
  statsSilent: '声なきお客様',
  statsSilentValue: ({
    neverAnswered,
    visited,
    lapsedQuiet,
    lapsed,
    complaints,
  }: {
    neverAnswered: number;
    visited: number;
    lapsedQuiet: number;
    lapsed: number;
    complaints: number;
  }) =>
    `来店後に一度もお返事のない方 ${neverAnswered}人（来店された友だち ${visited}人のうち）\n` +
    `クレームなく離反した方 ${lapsedQuiet}人（離反 ${lapsed}人のうち）· クレーム ${complaints}件`,
  statsReferrals: 'ご紹介',
  statsReferralsValue: ({ count, months }: { count: number; months: string }) =>
    `${count}人（月別: ${months}）`,
  statsWishes: 'ご要望（テーマ別）',
  statsNone: 'まだありません',
  statsRecentWishes: '*最近のご要望*',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };

/** The keys every language of the voice texts has. */
export type VoiceText = Widen<typeof voiceJa>;
