/**
 * What staff read for /visit, /broadcast, the App Home and alerts, in Japanese (kept apart from ja.ts
 * so the command texts grow without crowding it). Interpolated values are already escaped for Slack.
 * English is in ops-en.ts, with the same keys.
 */
export const opsJa = {
  // ---- /visit -------------------------------------------------------------------------------------
  usageVisit:
    '`/visit お客様 [メニュー] [金額]` — 例: `/visit やまだ カット 5,000円`、`/visit "山田 花子" カラー ¥8800`',
  visitRecorded: ({ name }: { name: string }) => `✅ ${name}様のご来店を記録しました。`,
  visitAlready: ({ name }: { name: string }) => `この来店はすでに記録済みです（${name}様）。`,
  visitDetails: ({ menu, amount }: { menu?: string; amount?: string }) =>
    [menu ? `メニュー: ${menu}` : '', amount ? `金額: ${amount}` : ''].filter(Boolean).join(' · '),
  followUpThanks: ({ at }: { at: string }) => `お礼のメッセージ: ${at} に送信予定`,
  followUpSurvey: ({ at }: { at: string }) => `アンケート: ${at} に送信予定`,
  noFollowUps: 'お礼とアンケートは送りません（LINE で友だちではないか、来店が前すぎます）。',
  visitPickButton: 'この方で記録',
  wonBack: '🎉 休眠からの再来店です（ウィンバック成功）。',
  yen: ({ amount }: { amount: number }) => `${amount.toLocaleString('ja-JP')}円`,

  // ---- /broadcast -----------------------------------------------------------------------------------
  usageBroadcast: '`/broadcast` — 一斉送信の画面を開きます（引数なし）',
  broadcastCounting: '送信対象を数えています…',
  broadcastTitle: '一斉送信',
  broadcastSubmit: '送信する',
  broadcastClose: 'キャンセル',
  broadcastText: 'メッセージ',
  broadcastTextHint: 'お客様の LINE にそのまま届きます（です・ます調で）。',
  broadcastSegment: '送る相手',
  segmentAll: '友だち全員',
  segmentLapsed: '休眠中のお客様',
  segmentBirthday: '今月が誕生月のお客様',
  segmentTag: 'タグで選ぶ',
  segmentQuiet: 'しばらく連絡していないお客様',
  broadcastTag: 'タグ',
  broadcastDays: '連絡していない日数',
  broadcastCount: ({ recipients, matched }: { recipients: number; matched: number }) =>
    `*送信対象: ${recipients}人*（条件に合う ${matched}人のうち、配信停止・対応中のクレーム・送信回数の上限の方を除く）`,
  broadcastQuota: ({ uses, remaining }: { uses: number; remaining: string }) =>
    `LINE の送信枠を ${uses}通使います（今月の残り: ${remaining}）。`,
  quotaUnknown: '不明',
  quotaUnlimited: '上限なし',
  broadcastPolicy:
    '送信はいつもの連絡ルールに従います: 深夜・早朝は翌朝に、送信枠が足りない場合は優先度の高い連絡を先にします。',
  broadcastNeedsTag: 'タグを入れてください。',
  broadcastNeedsDays: '1〜365 の日数を入れてください。',
  broadcastNeedsText: 'メッセージを入れてください（5000文字まで）。',
  broadcastNobody: '条件に合う送信先がいません。',
  broadcastScheduled: ({ recipients }: { recipients: number }) =>
    `📣 一斉送信を予約しました（対象 ${recipients}人）。連絡ルールに従って順に送ります。`,
  broadcastOpened: '一斉送信の画面を開きました。',

  // ---- App Home -------------------------------------------------------------------------------------
  homeTitle: ({ day }: { day: string }) => `Joren — ${day}`,
  homeFollowUps: '今日のフォローアップ',
  homeThanks: ({ count }: { count: number }) => `お礼のメッセージ: ${count}件`,
  homeSurveys: ({ count }: { count: number }) => `アンケート: ${count}件`,
  homeCases: '対応中のクレーム',
  homeNoCases: '対応中のクレームはありません。',
  homeCaseLine: ({ name, status, since }: { name: string; status: string; since: string }) =>
    `• ${name}様 — ${status}（${since}から）`,
  homeLapsed: '休眠のお客様',
  homeLapsedLine: ({ lapsed, trend }: { lapsed: number; trend: string }) => `${lapsed}人 ${trend}`,
  homeLapsedNoScan: 'まだ休眠チェックが実行されていません（毎朝実行されます）。',
  homeTrendUp: ({ delta, day }: { delta: number; day: string }) => `（${day}より ${delta}人増）`,
  homeTrendDown: ({ delta, day }: { delta: number; day: string }) => `（${day}より ${delta}人減）`,
  homeTrendFlat: ({ day }: { day: string }) => `（${day}と同じ）`,
  homeQuota: 'LINE の送信枠（今月）',
  homeQuotaLine: ({ used, limit, remaining }: { used: number; limit: string; remaining: string }) =>
    `${used}通使用 · 上限 ${limit} · 残り ${remaining}`,
  homeHelp: 'コマンド: `/visit` `/broadcast` `/customer` `/joren help`',

  // ---- alerts ---------------------------------------------------------------------------------------
  parkedTitle: 'LINE からのイベントを処理できず、保留にしました',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };

/** The keys every language of the ops texts has. */
export type OpsText = Widen<typeof opsJa>;
