/**
 * What staff read about visits and reach (check-in, linking, tags, contact tasks, postcards,
 * complaints heard in person), in Japanese. Interpolated values are already escaped for Slack.
 * English is in reach-en.ts, with the same keys.
 */
export const reachJa = {
  // ---- check-in ------------------------------------------------------------------------------------
  checkInHome: '来店チェックイン',
  checkInToday: ({ day, code }: { day: string; code: string }) =>
    `今日（${day}）のコード: *${code}* — 店頭の QR を読み取ったお客様が送ると来店が記録されます。QR は毎日変わります。`,
  checkInQrButton: 'QRコードを送る',
  checkInQrTitle: ({ day }: { day: string }) => `来店チェックイン QR（${day}）`,
  checkInQrComment: ({ user, day }: { user: string; day: string }) =>
    `<@${user}> さん、${day} の来店チェックイン QR です。印刷するかタブレットで店頭に表示してください（明日は新しい QR になります）。`,
  checkInQrPosted: ({ channel, code }: { channel: string; code: string }) =>
    `📷 今日の来店 QR（コード ${code}）を <#${channel}> に投稿しました。`,
  checkInQrFailed: 'QR コードを作れませんでした（LINE のアカウント情報か Slack に届きませんでした）。',
  checkedIn: ({ name, at }: { name: string; at: string }) => `📍 ${name}様がチェックインしました（${at}）`,
  checkInFollowUps: 'お礼とアンケートを予約しました。',
  undoButton: '取り消す',
  undone: ({ name, by }: { name: string; by: string }) =>
    `↩️ ${name}様のチェックインを取り消しました（${by}）。来店と予約したお礼・アンケートは削除しました。`,
  undoGone: 'このチェックインはすでに取り消されています。',

  // ---- linking -----------------------------------------------------------------------------------
  linkButton: 'LINEとつなぐ',
  linkIssued: ({ name, code, until }: { name: string; code: string; until: string }) =>
    `🔗 ${name}様の LINE 連携コード: *${code}*（${until} まで有効・一度だけ）\n` +
    'QR をお客様に読み取っていただくか、コードを LINE で送っていただくと、来店履歴がその LINE の友だちにまとまります。',
  linkQrTitle: ({ code }: { code: string }) => `LINE 連携コード ${code}`,
  linkQrComment: ({ user }: { user: string }) =>
    `<@${user}> さんが発行した LINE 連携 QR です（お客様にお見せください）。`,
  linkRefused: 'このお客様は LINE の友だちとすでにつながっているか、インポートのお客様ではありません。',
  linked: ({
    friend,
    history,
    visits,
    how,
  }: {
    friend: string;
    history: string;
    visits: number;
    how: string;
  }) =>
    `🔗 インポートのお客様 *${history}* と LINE の友だち *${friend}* をひとつにしました（${how}）。来店 ${visits} 件を移しました。`,
  linkedByCode: '連携コード',
  linkedByPhone: '電話番号の一致をスタッフが確認',
  phoneMatch: ({ friend, history, phone }: { friend: string; history: string; phone: string }) =>
    `📞 LINE の友だち *${friend}* が登録した電話番号（${phone}）が、インポートのお客様 *${history}* と一致しました。同じ方ですか？`,
  phoneLinkButton: 'つなぐ',
  phoneRejectButton: '違う',
  phoneLinked: ({ by }: { by: string }) =>
    `✅ ${by} さんが確認し、ひとつにしました。お客様に LINE でお知らせしました。`,
  phoneRejected: ({ by }: { by: string }) => `✋ ${by} さんが「違う」と判断しました。つなぎません。`,
  proposalDecided: 'この件はすでに判断されています。',

  // ---- tags --------------------------------------------------------------------------------------
  usageTag: '`/joren tag お客様 +タグ -タグ` — 例: `/joren tag やまだ +常連 -休眠`（+ で追加、- で削除）',
  tagsButton: 'タグを編集',
  tagsTitle: 'タグを編集',
  tagsLabel: 'タグ（読点・カンマ・スペース区切り）',
  tagsHint: 'タグは /broadcast で「タグで選ぶ」ときに使います。',
  tagsSave: '保存',
  tagsNow: ({ name, tags }: { name: string; tags: string }) => `🏷️ ${name}様のタグ: ${tags}`,

  // ---- complaints heard in person ------------------------------------------------------------------
  complaintButton: 'クレームを登録',
  complaintTitle: 'クレームを登録',
  complaintHeard: '伺った方法',
  complaintHeardPhone: '電話',
  complaintHeardCounter: '店頭',
  complaintWords: 'お客様のお言葉（分かる範囲で）',
  complaintSave: '登録する',
  complaintOpened: ({ name }: { name: string }) =>
    `🚨 ${name}様のクレームを登録しました。スタッフチャンネルのカードで 5 つのステップを順に進めてください。`,
  stepsTitle: '対応の 5 ステップ（押すと完了/未完了が切り替わります）',
  steps: {
    acknowledge: '1. お気持ちを受け止める',
    reassure: '2. 必ず対応すると安心していただく',
    apologise: '3. お詫びとお申し出への感謝',
    ask: '4. どうすればご満足いただけるか伺う',
    resolve: '5. 解決し、ご満足いただけたか確認',
  } as Record<string, string>,
  followUpAsked: ({ at }: { at: string }) =>
    `📨 解決 1 週間後のご様子伺いを送りました（${at}）。まだお答えはありません。`,
  followUpAnswered: ({ rating, at }: { rating: number; at: string }) =>
    `📝 解決 1 週間後のご満足度: *${rating} / 5*（${at}）`,
  caseStalled: ({ owner, days }: { owner: string; days: number }) =>
    `⏰ ${owner}この案件は ${days} 日間動きがありません。次のステップに進めてください。`,
  caseStalledNoOwner: '担当者が決まっていません。',
  caseStillUnhappy: ({ owner, rating }: { owner: string; rating: number }) =>
    `📞 ${owner}解決 1 週間後のご満足度が ${rating} / 5 でした。お客様には「担当者より改めてご連絡いたします」とお伝えしています。ご連絡をお願いします。`,

  // ---- contact tasks and postcards -------------------------------------------------------------------
  tasksHeader: ({ day }: { day: string }) => `今週の連絡タスク（${day}） — LINE で届かないお客様`,
  tasksNone: '今週は LINE で届かないお客様への連絡タスクはありません。',
  taskCall: ({ name, phone }: { name: string; phone: string }) =>
    `📞 *${name}*様にお電話（しばらくご来店がありません） ${phone}`,
  taskCard: ({ name, due }: { name: string; due: string }) => `✉️ *${name}*様に誕生日カード（${due}）`,
  taskDone: '済',
  taskNotNeeded: '不要',
  taskMarked: ({ state, by }: { state: string; by: string }) => `${state}（${by}）`,
  taskStateDone: '✅ 済',
  taskStateNotNeeded: '➖ 不要',
  usagePostcards:
    '`/joren postcards` — LINE で届かない、住所のあるお客様の宛名 CSV（筆まめ・宛名職人・筆王で読み込めます）',
  postcardsPosted: ({ count, channel }: { count: number; channel: string }) =>
    `📮 宛名 CSV（${count} 件）を <#${channel}> に投稿しました。`,
  postcardsNone: '郵便で届けるお客様（住所があり、LINE で届かない方）はいません。',
  postcardsTitle: ({ day }: { day: string }) => `宛名リスト ${day}`,
  postcardsFailed: 'CSV を Slack に投稿できませんでした。',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };

/** The keys every language of the reach texts has. */
export type ReachText = Widen<typeof reachJa>;
