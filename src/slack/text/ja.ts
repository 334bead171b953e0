import type { CaseStatus, CaseTrigger, CustomerStatus } from '../../db/models/index.js';
import type { RelayContext } from '../../staff/staff-desk.js';
import { commandsJa } from './commands-ja.js';

/**
 * What staff read in Slack, in Japanese. Values interpolated here are already escaped for Slack
 * (see ../mrkdwn.ts). English is in en.ts, with the same keys.
 */
export const ja = {
  working: '⏳ 確認しています…',
  failed: ({ code }: { code: string }) =>
    `⚠️ 処理できませんでした（${code}）。もう一度お試しください。続くようなら管理者にお知らせください。`,
  notReady: ({ command }: { command: string }) =>
    `${command} は Joren のコマンドではありません。使えるコマンドは \`/joren help\` で確認できます。`,
  usage: ({ usage }: { usage: string }) => `使い方: ${usage}`,
  usageCustomer: '`/customer 名前 または ID` — 例: `/customer やまだ`、`/customer U4af4980629…`',
  usageForget: '`/forget 名前 または ID` — ご本人の依頼で個人データを削除します（確認あり）',
  usageJoren:
    '`/joren help`（使い方） · `/joren language ja|en`（表示言語） · `/joren templates [グループ]`（お客様への文面） · `/joren newsletter [YYYY-MM]`（お知らせ） · `/joren seasons`（季節のご挨拶の暦）',
  help: [
    '*Joren の使い方*',
    '• `/customer 名前 または ID` — お客様カード: 来店、誕生日、タグ、アンケート、対応中の案件、最近のメッセージ。名前の一部・カナ・全角半角どれでも探せます',
    '• `/forget 名前 または ID` — ご本人の依頼で個人データを削除（確認ボタンのあとで実行。匿名の件数だけが残ります）',
    '• スタッフチャンネルのお客様スレッドに返信 → お客様の LINE に送られます。`note:` で始めると社内メモ（お客様には送られません）',
    '• クレームのカード: 「担当する」「解決済み」ボタン（解決済みにするとお客様に完了のご連絡が届きます）',
    '• `/joren language en` — 表示を英語に（`ja` で日本語） · `/joren templates` — お客様への文面をお店の言葉に · `/joren newsletter` — 毎月のお知らせ · `/joren seasons` — 季節のご挨拶の暦 · `/joren checkin` — 今日の来店 QR（店頭用） · `/joren tag お客様 +タグ -タグ` · `/joren postcards` — 宛名 CSV',
    '• `/lapsed [件数] [--days N] [--reason N]` — 離反の可能性が高い順のお客様。「いま送る」「30日保留」「連絡済みにする」ボタン付き',
    '• `/stats [month|quarter|year]` — 新規・離反・現在の人数、呼び戻し、アンケート、クレーム、LINE 送信数（グラフはスタッフチャンネルへ）',
    '• `/visit お客様 [メニュー] [金額]` — 来店を記録（お礼とアンケートを予約し、送信予定を表示）',
    '• `/broadcast` — 一斉送信の画面（送る相手と人数・送信枠を確認してから送信）',
  ].join('\n'),
  languageSet: '表示言語を日本語にしました。',

  // ---- finding a customer -----------------------------------------------------------------------
  notFound: ({ query }: { query: string }) =>
    `「${query}」に当てはまるお客様は見つかりませんでした。名前の一部、カナ、または ID でお試しください。`,
  pickOne: ({ count, query }: { count: number; query: string }) =>
    `「${query}」に当てはまるお客様が ${count} 人います。選んでください。`,
  moreMatches: ({ hidden }: { hidden: number }) =>
    `ほかに ${hidden} 人います。名前をもう少し詳しく入れてください。`,
  showButton: '表示',
  profileButton: 'プロフィール',

  // ---- the customer card --------------------------------------------------------------------------
  status: { following: '友だち', blocked: 'ブロック中', unlinked: 'LINE 未連携' } as Record<
    CustomerStatus,
    string
  >,
  marketingOptOut: '配信停止中',
  fieldVisits: '来店',
  fieldBirthday: '誕生日',
  fieldTags: 'タグ',
  fieldSurveys: 'アンケート',
  fieldCases: '対応中の案件',
  fieldMessages: '最近のメッセージ',
  fieldNotes: 'メモ',
  visits: ({ count, first, last }: { count: number; first: string; last: string }) =>
    `${count} 回（初回 ${first} · 最終 ${last}）`,
  noVisits: 'まだありません',
  birthday: ({ month, day }: { month: number; day: number }) => `${month}月${day}日`,
  none: '—',
  surveys: ({ ratings, average }: { ratings: string; average: string }) => `${ratings}（平均 ${average}）`,
  caseLine: ({ status, openedAt, trigger }: { status: string; openedAt: string; trigger: string }) =>
    `${status} · ${openedAt} · ${trigger}`,
  fromCustomer: 'お客様',
  fromShop: 'お店',

  // ---- conversation threads ------------------------------------------------------------------------
  relayContext: {
    'hand-off': 'お問い合わせ',
    complaint: 'ご不満のメッセージ',
    'win-back': '再来店の確認へのお返事',
  } as Record<RelayContext, string>,
  threadTitle: ({ name, status, context }: { name: string; status: string; context: string }) =>
    `💬 *${name}* · ${status} · ${context}`,
  threadHint: 'このスレッドに返信するとお客様の LINE に送られます。`note:` で始めると社内メモになります。',
  noteSaved: '📝 メモとして保存しました（お客様には送られません）。',
  filesNotRelayed: '画像やファイルは LINE に送れません。文章で返信してください。',
  sendFailed: ({ reason }: { reason: string }) => `⚠️ お客様に送れませんでした: ${reason}`,
  sendReason: {
    blocked: 'お客様がブロック中か、LINE で届かない状態です',
    tooLong: 'LINE のメッセージは 5,000 文字までです',
    empty: '送る文章がありません',
    unknownCustomer: 'お客様の記録が見つかりません（削除済みかもしれません）',
    line: ({ code }: { code: string }) =>
      `LINE が受け付けませんでした（${code}）。少し待ってからもう一度返信してください`,
  },
  notStaffInThread: '申し訳ありません。このスレッドへの返信はお店のスタッフだけがお客様に送れます。',

  // ---- complaint cases -------------------------------------------------------------------------------
  caseHeader: '🚨 クレーム対応',
  caseCustomer: 'お客様',
  caseTrigger: 'きっかけ',
  caseWords: 'お客様のお言葉',
  caseWish: 'どのようにすればご満足いただけるか',
  caseState: '状況',
  trigger: ({ trigger, rating }: { trigger: CaseTrigger; rating?: number }) =>
    ({
      survey: rating ? `アンケートで ${rating} の評価` : 'アンケート',
      message: 'メッセージ',
      'win-back': '再来店の確認へのお返事',
      staff: 'スタッフが登録',
      'in-person': '電話・店頭で伺ったお申し出',
    })[trigger],
  caseStatus: {
    open: '未対応',
    'in-progress': '対応中',
    resolved: '解決済み',
  } as Record<CaseStatus, string>,
  caseOpen: '🔴 未対応 — 担当者を決めてください',
  caseTaken: ({ by, at }: { by: string; at: string }) => `🟡 対応中 — 担当: ${by}（${at}〜）`,
  caseResolved: ({ by, at }: { by: string; at: string }) => `🟢 解決済み — ${by}（${at}）`,
  caseResolution: ({ resolution }: { resolution: string }) => `対応内容: ${resolution}`,
  caseConfirmed: '✅ お客様に完了のご連絡を送りました',
  caseNotConfirmed: '⚠️ お客様に完了のご連絡は届いていません（ブロック中など）',
  caseNotYet: '（まだお答えがありません）',
  caseOpenedBy: ({ by, at }: { by: string; at: string }) => `${at} 受付（${by}）`,
  takeButton: '担当する',
  resolveButton: '解決済み',
  resolveTitle: '解決済みにする',
  resolveLabel: 'お客様へのご報告（任意）',
  resolveHint: 'ここに書いた内容は、完了のご連絡に添えてお客様の LINE に送られます。空欄でもかまいません。',
  resolveSubmit: '解決済みにする',
  cancel: 'キャンセル',
  close: '閉じる',
  caseGone: 'この案件は見つかりませんでした。',
  caseAlreadyResolved: 'この案件はすでに解決済みです。',
  caseConfirmFailed: ({ reason }: { reason: string }) =>
    `⚠️ 解決済みにしましたが、お客様への完了のご連絡を送れませんでした: ${reason}`,

  // ---- forgetting a customer ----------------------------------------------------------------------------
  forgetConfirm: ({ name, id }: { name: string; id: string }) =>
    `*${name}*（${id}）の個人データをすべて削除します。\n` +
    'プロフィール、メモ、会話の記録、LINE から届いた記録は消え、来店・アンケートの評価・クレームの記録はお名前なしの匿名の件数として残ります。元には戻せません。',
  forgetButton: '削除する',
  forgetDialogTitle: '本当に削除しますか？',
  forgetDialogText: 'ご本人からの依頼であることを確認してください。元には戻せません。',
  forgetDialogConfirm: '削除する',
  forgetDialogDeny: 'やめる',
  forgetCancelButton: 'やめる',
  forgetCancelled: '削除を取りやめました。',
  forgetWorking: '⏳ 削除しています…',
  forgetDone: ({ name }: { name: string }) =>
    `🗑️ ${name} の個人データを削除しました。残っているのは匿名の件数だけです。\n` +
    'Slack のスレッドにスタッフが書いた返信は Joren からは消せません。必要ならご自分で削除してください。',
  forgetGone: 'このお客様はすでに削除されています。',
  forgottenCustomer: '（ご依頼により削除されたお客様）',

  ...commandsJa,
};

export type StaffText = typeof ja;
