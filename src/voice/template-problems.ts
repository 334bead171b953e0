import type { Bilingual } from '../alerts/staff-alerts.js';
import type { TemplateKind, TemplateProblem } from '../templates/placeholders.js';

const KIND: Record<TemplateKind, Bilingual> = {
  text: { ja: 'メッセージ', en: 'a message' },
  label: { ja: 'ボタンの文字', en: 'a button label' },
  altText: { ja: '通知に出る代わりの文字（altText）', en: 'the notification text (altText)' },
};

/** Why a shop's text was refused or set aside, in the words staff read (Japanese and English). */
export function describeProblem(problem: TemplateProblem, kind: TemplateKind): Bilingual {
  switch (problem.code) {
    case 'empty':
      return { ja: '文面が空です。', en: 'The text is empty.' };
    case 'unknown-placeholder': {
      const names = problem.names.map((name) => `{${name}}`).join(' ');
      return {
        ja: `このメッセージでは使えない差し込み項目があります: ${names}（使える項目は一覧のとおりです）`,
        en: `These placeholders cannot be used in this message: ${names} (see the list of placeholders)`,
      };
    }
    case 'unbalanced-brace':
      return {
        ja: '「{」と「}」の対応がとれていません。差し込み項目は {name} のように書いてください。',
        en: 'A "{" or "}" is not closed. Write placeholders like {name}.',
      };
    case 'too-long':
      return {
        ja: `LINE の上限を超えています: ${KIND[kind].ja}は ${problem.limit.toLocaleString('ja-JP')} 文字までです（差し込み項目を最大の長さで数えて ${problem.length.toLocaleString('ja-JP')} 文字）。`,
        en: `Over LINE's limit: ${KIND[kind].en} takes at most ${problem.limit.toLocaleString('en-US')} characters (${problem.length.toLocaleString('en-US')} with placeholders at their longest).`,
      };
  }
}

/** All problems of a text, one line each. */
export function describeProblems(problems: TemplateProblem[], kind: TemplateKind): Bilingual {
  const lines = problems.map((problem) => describeProblem(problem, kind));
  return { ja: lines.map((l) => l.ja).join('\n'), en: lines.map((l) => l.en).join('\n') };
}
