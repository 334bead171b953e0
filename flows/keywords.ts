import { commandForm } from './text/normalize.js';

export type Keyword = 'opt-out' | 'opt-in' | 'birthday' | 'booking' | 'contact' | 'phone';

const KEYWORDS: Record<Keyword, string[]> = {
  'opt-out': ['配信停止', '配信を停止', '配信を停止してください', '配信ストップ', 'stop', 'ストップ', '停止'],
  'opt-in': ['配信再開', '配信を再開', '配信を再開してください', 'start', '再開'],
  birthday: ['誕生日', '誕生日登録', '誕生日を登録', '誕生日変更'],
  booking: ['予約', 'ご予約'],
  contact: ['お問い合わせ', '問い合わせ', 'お問合せ'],
  phone: ['電話番号で登録', '電話番号を登録', '電話番号登録'],
};

const BY_FORM = new Map<string, Keyword>(
  Object.entries(KEYWORDS).flatMap(([keyword, forms]) =>
    forms.map((form) => [commandForm(form), keyword as Keyword]),
  ),
);

/** The command a short text is, if it is one (「配信停止」, "STOP", 「誕生日」…), in any width or case. */
export function keywordOf(text: string): Keyword | undefined {
  return BY_FORM.get(commandForm(text));
}

export function isKeywordCommand(text: string): boolean {
  return keywordOf(text) !== undefined;
}
