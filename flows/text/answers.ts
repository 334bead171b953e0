import { commandForm } from './normalize.js';

const SKIP = new Set([
  'スキップ',
  'skip',
  'なし',
  'いいえ',
  '結構です',
  'けっこうです',
  '教えたくない',
  '秘密',
  'ひみつ',
  'パス',
  'pass',
]);
const YES = new Set([
  'はい',
  'yes',
  'ok',
  'おk',
  'お願いします',
  'おねがいします',
  '受け取る',
  'うけとる',
  'いいよ',
  'いいです',
  '大丈夫です',
  'ぜひ',
]);
const NO = new Set([
  'いいえ',
  'no',
  '受け取らない',
  'うけとらない',
  '不要',
  '不要です',
  'いらない',
  'いりません',
  '結構です',
  'けっこうです',
  '大丈夫です遠慮します',
  '遠慮します',
]);

/** The customer chose not to answer (「スキップ」, 「なし」, "skip"…). */
export const isSkip = (text: string): boolean => SKIP.has(commandForm(text));
/** A clear yes. */
export const isYes = (text: string): boolean => YES.has(commandForm(text));
/** A clear no. */
export const isNo = (text: string): boolean => NO.has(commandForm(text));
/** Text that reads as a question or a request rather than a short answer. */
export const isQuestionLike = (text: string): boolean =>
  /[?？]/.test(text) || /(ですか|ますか|ませんか|たい|ください|下さい)$/.test(commandForm(text));
