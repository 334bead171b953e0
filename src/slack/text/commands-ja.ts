import type { CheckInStatus } from '../../analytics/lapsed-customers.js';
import type { Likelihood } from '../../retention/explain.js';

/** Staff text of /lapsed and /stats in Japanese (spread into ja.ts; English in commands-en.ts). */
export const commandsJa = {
  usageLapsed:
    '`/lapsed [件数] [--reason N] [--days N] [--page N]` — 離反の可能性が高い順のお客様。' +
    '件数は 1〜20（既定 10）。`--reason` はお久しぶりメッセージへの回答: 1 タイミング / 2 不満があった / 3 事情が変わった / 4 その他。' +
    '`--days N` は最終来店から N 日以上。例: `/lapsed 20 --days 60 --page 2`',
  usageStats:
    '`/stats [month|quarter|year]` — 今月・今四半期・今年の数字（既定は今月）。`月` `四半期` `年` でも可',

  lapsedNoScan: ({ time }: { time: string }) =>
    'まだ離反スキャンが実行されていません。スケジューラが毎朝 ' +
    `${time} に実行します（来店履歴は \`npm run import-visits\` で取り込めます）。実行後にもう一度お試しください。`,
  lapsedHeader: '離反の可能性が高いお客様',
  lapsedSummary: ({ lapsed, active, share }: { lapsed: string; active: string; share: string }) =>
    `離反 ${lapsed} 人 / 来店中 ${active} 人 · 離反の割合 ${share}`,
  lapsedFilters: ({ filters }: { filters: string }) => `絞り込み: ${filters}`,
  lapsedFilterReason: ({ reason }: { reason: string }) => `回答「${reason}」`,
  lapsedFilterDays: ({ days }: { days: number }) => `最終来店から ${days} 日以上`,
  lapsedPage: ({ page, from, to, total }: { page: number; from: number; to: number; total: string }) =>
    `${page} ページ目（${from}〜${to} 件目 / ${total} 件）`,
  lapsedNone: '条件に当てはまる離反中のお客様はいません。',
  lapsedScanAt: ({ at, method }: { at: string; method: string }) => `スキャン: ${at}（${method}）`,
  lapsedMethod: { 'bg-nbd': 'BG/NBD モデル', overdue: '来店間隔ルール' } as Record<string, string>,
  lapsedLine: ({ last, interval, since }: { last: string; interval: string; since: number }) =>
    `最終来店 ${last} · 普段の間隔 ${interval} · ${since} 日経過`,
  intervalDays: ({ days }: { days: number }) => `約 ${days} 日`,
  oneVisitOnly: '来店 1 回のみ',
  likelihood: {
    low: '再来店の見込みは低め',
    fair: '再来店の見込みはやや低め',
    high: '再来店の見込みは高め',
  } as Record<Likelihood, string>,
  lastContact: ({ at }: { at: string }) => `最後の連絡 ${at}`,
  noContact: '連絡なし',
  checkIn: {
    'not-sent': 'お久しぶりメッセージ: 未送信',
    snoozed: 'お久しぶりメッセージ: 保留中',
    sent: 'お久しぶりメッセージ: 送信済み',
    replied: 'お久しぶりメッセージ: 返信あり',
    'won-back': 'お久しぶりメッセージ: 再来店',
    lost: 'お久しぶりメッセージ: 離反確定',
  } as Record<CheckInStatus['state'], string>,
  reasons: {
    timing: 'タイミング',
    problem: '不満があった',
    changed: '事情が変わった',
    other: 'その他',
  } as Record<string, string>,
  contactedByStaff: ({ at }: { at: string }) => `スタッフが連絡済み（${at}）`,
  snoozedUntil: ({ until }: { until: string }) => `${until} まで保留`,
  returnedSinceScan: '🎉 スキャン後に来店あり',
  checkInButton: 'いま送る',
  snoozeButton: '30日保留',
  contactedButton: '連絡済みにする',
  nextButton: '次へ ▶',
  checkInSent: ({ name }: { name: string }) => `✅ ${name} さんにお久しぶりメッセージを送りました。`,
  checkInRefused: ({ name, why }: { name: string; why: string }) =>
    `✋ ${name} さんには送りませんでした: ${why}`,
  checkInDeferred: ({ name, at }: { name: string; at: string }) =>
    `🌙 いまは連絡を控える時間帯のため、${name} さんには送りませんでした。${at} 以降にもう一度押してください。`,
  checkInNotLapsed: 'このお客様は最新のスキャンで離反中ではありません。',
  snoozed: ({ name, until }: { name: string; until: string }) =>
    `💤 ${name} さんへのお久しぶりメッセージを ${until} まで保留にしました。`,
  markedContacted: ({ name }: { name: string }) =>
    `☑️ ${name} さんを「連絡済み」にしました。自動のお久しぶりメッセージは送りません。`,

  statsHeader: ({ period }: { period: string }) => `お店の数字（${period}）`,
  statsPeriod: { month: '今月', quarter: '今四半期', year: '今年' } as Record<string, string>,
  statsNoData: ({ time }: { time: string }) =>
    `まだ集計がありません。毎朝 ${time} の離反スキャンで集計されます。実行後にもう一度お試しください。`,
  statsCustomers: 'お客様',
  statsCustomersValue: ({
    added,
    lost,
    net,
    current,
  }: {
    added: number;
    lost: number;
    net: string;
    current: number;
  }) => `新規 ${added} − 離反 ${lost} = ${net}\n現在 ${current} 人`,
  statsWonBack: '呼び戻し',
  statsWonBackValue: ({ count, checkIns, rate }: { count: number; checkIns: number; rate: string }) =>
    `${count} 人（お久しぶりメッセージ ${checkIns} 通 · ${rate}）`,
  statsSurveys: 'アンケート',
  statsSurveysValue: ({ average, count }: { average: string; count: number }) =>
    `平均 ${average}（${count} 件）`,
  statsComplaints: 'クレーム',
  statsComplaintsValue: ({ open, median }: { open: number; median: string }) =>
    `対応中 ${open} 件 · 解決までの中央値 ${median}`,
  statsLine: 'LINE 送信数（今月）',
  statsLineValue: ({ used, remaining }: { used: number; remaining: string }) =>
    `${used} 通使用 · 残り ${remaining}`,
  statsLineUnlimited: '上限なし',
  statsLineUnknown: 'まだ取得していません',
  statsHours: ({ hours }: { hours: string }) => `${hours} 時間`,
  statsLossRate: ({ rate }: { rate: string }) => `年間の離反率 ${rate}`,
  statsComputedAt: ({ at }: { at: string }) => `集計: ${at}`,
  statsChartPosted: ({ channel }: { channel: string }) => `📈 グラフを <#${channel}> に投稿しました。`,
  statsChartFailed: 'グラフを投稿できませんでした（Slack に届きませんでした）。数字は上のとおりです。',
  statsChartTitle: ({ period }: { period: string }) => `お店の数字（${period}）`,
  statsChartComment: ({ user }: { user: string }) => `<@${user}> さんの /stats のグラフです。`,
};
