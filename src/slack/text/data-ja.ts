/**
 * What staff read about the shop's data (who can read the staff channel, a customer's data
 * disclosure), in Japanese. English is in data-en.ts, with the same keys.
 */
export const dataJa = {
  // ---- who can read the staff channel -----------------------------------------------------------
  channelExposed: ({ why }: { why: string[] }) =>
    `⚠️ *このスタッフチャンネルはスタッフ以外にも見えます（${why.join('・')}）。* ` +
    'お客様のメッセージ・お名前・誕生日が読めてしまいます。チャンネル設定から「プライベートチャンネルに変更」し、共有をやめてください。',
  exposedPublic: 'ワークスペースの全員が読める公開チャンネル',
  exposedShared: '他のワークスペースと共有',
  exposedExternal: '社外と共有（Slack コネクト）',

  // ---- one customer's data (disclosure request) ---------------------------------------------------
  exportButton: 'データを書き出す',
  usageExport:
    '`/joren export 名前 または ID` — ご本人の開示請求に、保存しているすべてのデータをファイルで DM に送ります',
  exportComment: ({ name }: { name: string }) =>
    `${name}様について Joren が保存しているすべてのデータです（個人情報の開示請求用）。` +
    'ご本人にお渡しするまで、チャンネルに転送せず大切に扱ってください。',
  exportSent: ({ name }: { name: string }) => `📄 ${name}様のデータを書き出し、あなたへの DM に送りました。`,
  exportFailed: 'ファイルを Slack に送れませんでした。しばらくしてからもう一度お試しください。',
};

export type DataText = typeof dataJa;
