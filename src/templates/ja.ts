/**
 * Every message a customer reads, in Japanese (polite です/ます): the built-in defaults. Staff replace
 * any of them from Slack (`/joren templates`, see catalogue.ts and docs/shop-voice.md); a text without
 * a shop version is sent as written here. Each entry takes the variables it needs; `name` is how the customer is addressed
 * (their chosen call name, else their LINE name, else 「お客様」). Button labels stay within LINE's
 * 20 characters.
 */
export const ja = {
  customerFallbackName: 'お客様',

  // ---- friends and welcome ----------------------------------------------------------------------
  welcome: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、${shopName}を友だち追加いただき、ありがとうございます。\n` +
    'こちらのアカウントでは、ご来店後のご連絡やお知らせをお届けします。ご質問もお気軽にどうぞ。',

  welcomeBack: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、おかえりなさいませ。${shopName}を再び友だち追加いただき、ありがとうございます。\n` +
    'またお目にかかれるのを楽しみにしております。',

  // ---- onboarding: how to call them, birthday, news ----------------------------------------------
  askCallName: 'よろしければ、お呼びする際のお名前を教えていただけますか？（例：山田）',
  useLineNameLabel: ({ displayName }: { displayName: string }) => `「${displayName.slice(0, 12)}」で登録`,
  skipLabel: 'スキップ',
  callNameTooLong: '恐れ入ります、お呼びする際のお名前だけを20文字以内でお送りいただけますか？（例：山田）',
  callNameThanks: ({ name }: { name: string }) => `${name}様ですね。ありがとうございます。`,
  askBirthday:
    'お誕生日を教えていただけますか？ささやかなお祝いをお送りします。\n' +
    '「3/14」のように月日だけでも結構です（年は任意です）。',
  pickDateLabel: '日付を選ぶ',
  birthdayThanks: ({ month, day }: { month: number; day: number }) =>
    `${month}月${day}日ですね。ありがとうございます。お誕生日を楽しみにしております。`,
  birthdayImpossible: ({ typed }: { typed: string }) =>
    `恐れ入ります、「${typed}」は日付として確認できませんでした。` +
    'もう一度、「3/14」のようにお送りいただけますか？',
  birthdayUnreadable:
    '恐れ入ります、日付を読み取れませんでした。「3/14」や「3月14日」のようにお送りいただけますか？' +
    'ご登録されない場合は「スキップ」を押してください。',
  birthdaySkipped: '承知いたしました。お誕生日はいつでも「誕生日」とお送りいただければご登録いただけます。',
  askNewsConsent: ({ shopName }: { shopName: string }) =>
    `${shopName}から、季節のご案内やお得な情報を時々お送りしてもよろしいですか？`,
  consentYesLabel: '受け取る',
  consentNoLabel: '受け取らない',
  consentYes:
    'ありがとうございます。時々、お役に立つ情報をお届けします。配信はいつでも「配信停止」で止められます。',
  consentNo:
    '承知いたしました。お知らせはお送りしません。ご来店後のご連絡やご質問へのお返事はこれまでどおりお送りします。',
  onboardingDone: 'ご登録ありがとうございました。ご予約やご質問は、このトークにいつでもお送りください。',

  // ---- post-visit: satisfaction survey -------------------------------------------------------------
  surveyInvite: ({ shopName, name, menu }: { shopName: string; name: string; menu: string | undefined }) =>
    `${name}様、先日は${shopName}にご来店いただき、ありがとうございました。\n` +
    `${menu ? `${menu}の` : ''}仕上がりはいかがでしょうか。よろしければ、満足度を5段階で教えていただけますと幸いです。`,
  ratingLabels: { 5: '5 とても満足', 4: '4 満足', 3: '3 ふつう', 2: '2 やや不満', 1: '1 不満' } as Record<
    number,
    string
  >,
  surveyThanksHigh: 'ありがとうございます！そう言っていただけて、スタッフ一同とても嬉しいです。',
  surveyThanks: 'ご回答いただき、ありがとうございます。',
  askComment: 'よろしければ、ご感想やお気づきの点を一言お聞かせください（任意です）。',
  noCommentLabel: '特にありません',
  commentThanks: '貴重なご意見をありがとうございます。今後のサービスに活かしてまいります。',
  /** After a rating of 3 (ふつう): one gentle question instead of the plain request for a comment. */
  askNeutralComment:
    'ありがとうございます。もし「もう少しこうだったら」という点がございましたら、ひとことお聞かせいただけますでしょうか（任意です）。',
  ratingRetry: '恐れ入ります、1〜5の数字でお答えいただけますか？（5が「とても満足」です）',
  surveyAlreadyAnswered: 'こちらのアンケートにはすでにご回答いただいております。ありがとうございました。',
  surveyClosed:
    'こちらのアンケートは受付を終了しております。ご意見やご感想は、このトークに直接お送りいただければ担当者が拝見します。',

  // ---- complaint: the five steps --------------------------------------------------------------------
  complaintAcknowledge: ({ name }: { name: string }) =>
    `${name}様、このたびはご不快な思いをおかけしたことと存じます。`,
  complaintReassure: 'この件は必ず責任を持って対応させていただきますので、どうかご安心ください。',
  complaintApologize:
    'ご期待に沿えず、誠に申し訳ございませんでした。また、率直にお聞かせくださり、本当にありがとうございます。',
  complaintAskWhat: '差し支えなければ、どのような点がご不満だったか、お聞かせいただけますでしょうか。',
  complaintThanksForWords: '詳しくお聞かせいただき、ありがとうございます。',
  complaintMagicQuestion:
    'どのようにさせていただければご満足いただけますでしょうか。ご希望をお聞かせください。',
  complaintLeaveItLabel: 'お任せします',
  complaintReceived:
    '承知いたしました。いただいたお声をもとに、担当者より改めてご連絡いたします。今しばらくお待ちください。',
  complaintResolved: ({ name, resolution }: { name: string; resolution: string | undefined }) =>
    `${name}様、先日はご不便をおかけし、誠に申し訳ございませんでした。\n` +
    'お申し出いただいた件につきまして、対応が完了いたしましたのでご報告いたします。' +
    (resolution ? `\n${resolution}` : '') +
    '\n今後ともどうぞよろしくお願いいたします。',

  // ---- win-back check-in -----------------------------------------------------------------------------
  winBackCheckIn: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、お久しぶりです。${shopName}です。\n` +
    'その後お変わりなくお過ごしでしょうか。しばらくお目にかかれていないので、ご様子が気になりご連絡いたしました。\n' +
    'よろしければ、最近のご様子をお聞かせください。',
  winBackLabels: {
    timing: '忙しかった・特になし',
    problem: '気になる点があった',
    changed: '状況が変わった',
    other: 'その他',
  } as Record<'timing' | 'problem' | 'changed' | 'other', string>,
  winBackTiming: 'お忙しい中、お返事ありがとうございます。またお会いできる日を楽しみにしております。',
  whatsNew: ({ shopName }: { shopName: string }) =>
    `${shopName}では、新しいメニューや季節のおすすめをご用意しております。お気軽にお問い合わせください。`,
  bookingInvite: ({ bookingUrl }: { bookingUrl: string | undefined }) =>
    bookingUrl
      ? `ご予約はこちらから承ります。\n${bookingUrl}`
      : 'ご予約は、このトークにご希望の日時をお送りいただければ承ります。',
  winBackChanged: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、これまで${shopName}をご利用いただき、本当にありがとうございました。\n` +
    `もし身近に${shopName}が合いそうな方がいらっしゃいましたら、ご紹介いただけると大変嬉しいです。またいつでもお待ちしております。`,
  winBackAskOther: 'よろしければ、理由をお聞かせいただけますか？担当者が拝見します。',
  winBackOtherThanks:
    'お聞かせいただき、ありがとうございます。担当者が拝見し、必要に応じてご連絡いたします。',
  winBackAlreadyAnswered: 'ご回答ありがとうございます。すでに承っております。',

  // ---- hand-off to staff -----------------------------------------------------------------------------
  handOffAck: 'メッセージありがとうございます。担当者から折り返しご連絡します。少々お待ちください。',
  handOffAckClosed: ({ hours }: { hours: string }) =>
    `メッセージありがとうございます。ただいま営業時間外のため、営業時間（${hours}）内に担当者から折り返しご連絡します。`,
  contactPrompt: 'ご用件をこのトークにそのままお送りください。担当者が確認してご連絡します。',

  // ---- marketing opt-out ------------------------------------------------------------------------------
  optedOut:
    '配信を停止しました。今後、お知らせはお送りしません。\n' +
    'ご来店後のご連絡やご質問へのお返事はこれまでどおりお送りします。再開をご希望の際は「配信再開」とお送りください。',
  alreadyOptedOut: '配信はすでに停止しております。再開をご希望の際は「配信再開」とお送りください。',
  optedIn: '配信を再開しました。季節のご案内やお得な情報をお届けします。',
  alreadyOptedIn: '配信は現在ご利用中です。停止をご希望の際は「配信停止」とお送りください。',

  // ---- anything else ----------------------------------------------------------------------------------
  staleAction:
    '申し訳ございません。こちらのボタンは現在ご利用いただけません。ご用件はこのトークにそのままお送りください。',

  // ---- linking a LINE friend to their visit history (a code from the shop) ---------------------------
  linkCodeLinked: ({ name }: { name: string }) =>
    `${name}様、これまでのご来店履歴とLINEを連携いたしました。今後ともよろしくお願いいたします。`,

  linkCodeUnknown: () =>
    'お送りいただいたコードが見つかりませんでした。お手数ですが、コードをもう一度ご確認ください。',

  linkCodeExpired: () =>
    'このコードは有効期限が切れております。お手数ですが、スタッフに新しいコードをお申し付けください。',

  linkCodeUsed: () => 'このコードはすでに使われております。ご不明な点はスタッフにお尋ねください。',
  /** Thank-you the day after a visit (the post-visit follow-up); `menu` names what they had done. */
  postVisitThanks: ({
    shopName,
    name,
    menu,
    yesterday,
  }: {
    shopName: string;
    name: string;
    menu?: string | undefined;
    yesterday: boolean;
  }) =>
    `${name}様、${yesterday ? '昨日' : '先日'}は${shopName}${menu ? `で「${menu}」を` : 'を'}ご利用いただき、誠にありがとうございました。\n` +
    'その後いかがでしょうか。気になることがございましたら、こちらからお気軽にご連絡ください。',

  birthday: ({ shopName, name, belated }: { shopName: string; name: string; belated: boolean }) =>
    `${name}様、${belated ? '少し遅くなってしまいましたが、' : ''}お誕生日おめでとうございます。\n` +
    `素敵な一年になりますよう、${shopName}のスタッフ一同心よりお祈りしております。`,

  /** Added to the birthday greeting when the shop offers a birthday gift (BIRTHDAY_COUPON). */
  birthdayCoupon:
    'お誕生日の月にご来店の際は、このメッセージをスタッフにお見せください。ささやかですが、お誕生日の特典をご用意しております。',

  seasonal: {
    'new-year': ({ shopName, name, year }: { shopName: string; name: string; year: number }) =>
      `${name}様、新年あけましておめでとうございます。\n` +
      `旧年中は${shopName}をご愛顧いただき、誠にありがとうございました。${year}年も皆さまに喜んでいただけるよう努めてまいります。本年もどうぞよろしくお願いいたします。`,
    kanchu: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}様、寒中お見舞い申し上げます。\n` +
      `厳しい寒さが続いておりますが、いかがお過ごしでしょうか。どうぞ暖かくしてお過ごしください。${shopName}一同、またお会いできるのを楽しみにしております。`,
    shochu: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}様、暑中お見舞い申し上げます。\n` +
      `暑い日が続いておりますが、お変わりなくお過ごしでしょうか。どうぞご自愛ください。${shopName}一同、またのお越しをお待ちしております。`,
    zansho: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}様、残暑お見舞い申し上げます。\n` +
      `暦の上では秋となりましたが、まだまだ暑い日が続いております。夏の疲れが出やすい時期ですので、どうぞお体を大切になさってください。${shopName}一同より。`,
    'year-end': ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}様、今年も${shopName}をご利用いただき、誠にありがとうございました。\n` +
      '寒さも厳しくなってまいりましたので、どうぞお体に気をつけて、良いお年をお迎えください。来年もどうぞよろしくお願いいたします。',
  },

  // ---- visits and reach: check-in at the counter, phone number, after a complaint ------------------
  checkInThanks: ({ name, shopName }: { name: string; shopName: string }) =>
    `${name}様、${shopName}へのご来店ありがとうございます。チェックインを承りました。\n` +
    'どうぞごゆっくりお過ごしください。',
  checkInAlready: ({ name }: { name: string }) =>
    `${name}様、本日のご来店はすでに承っております。ありがとうございます。`,
  checkInExpired:
    '恐れ入ります、こちらは本日のチェックイン用のコードではないようです。' +
    'お手数ですが、店頭のQRコードをもう一度読み取ってお送りください。',
  checkInWrong:
    '恐れ入ります、チェックイン用のコードを確認できませんでした。' +
    'お手数ですが、店頭のQRコードを読み取ってお送りください。',
  askPhone:
    'お電話番号を教えていただけますか？（例：090-1234-5678）\n' +
    'これまでのご来店履歴とおつなぎするためにのみ使わせていただきます。',
  phoneUnreadable:
    '恐れ入ります、お電話番号として読み取れませんでした。「090-1234-5678」のようにお送りいただけますか？' +
    'ご登録されない場合は「スキップ」を押してください。',
  phoneThanks:
    'お電話番号を承りました。ありがとうございます。\n' +
    'これまでのご来店の記録がございましたら、スタッフが確認のうえおつなぎいたします。',
  phoneSkipped:
    '承知いたしました。お電話番号はいつでも「電話番号で登録」とお送りいただければご登録いただけます。',
  caseFollowUp: ({ name }: { name: string }) =>
    `${name}様、先日はご迷惑をおかけいたしました。その後いかがでしょうか。\n` +
    'よろしければ、現在のご満足度を5段階でお聞かせいただけますと幸いです。',
  caseFollowUpThanks: 'お聞かせいただき、ありがとうございます。今後ともどうぞよろしくお願いいたします。',
  caseFollowUpSorry:
    'お聞かせいただき、ありがとうございます。まだご満足いただけていないこと、誠に申し訳ございません。' +
    '担当者より改めてご連絡いたします。',
  caseFollowUpAnswered: 'ご回答ありがとうございます。すでに承っております。',

  // ---- reviews: the same invitation for everyone, with the thank-you (no review gating) -------------
  reviewInvite: ({ reviewUrl }: { reviewUrl: string }) =>
    `よろしければ、ご感想を口コミでお聞かせいただけますと、スタッフ一同の励みになります。\n${reviewUrl}`,

  // ---- the survey's open question: what they would like from the shop --------------------------------
  askWish: ({ shopName }: { shopName: string }) =>
    `もうひとつだけお聞かせください。${shopName}にこれからあったら嬉しいものはございますか？\n` +
    'ボタンからお選びいただくか、自由にお書きください。',
  wishLabels: {
    service: '新しいメニュー',
    time: '営業時間・曜日',
    product: '商品・物販',
    none: '特にありません',
  } as Record<'service' | 'time' | 'product' | 'none', string>,
  wishThanks: 'お聞かせいただき、ありがとうございます。お店づくりの参考にさせていただきます。',
  wishNone: '承知いたしました。ご回答いただき、ありがとうございました。',

  // ---- referrals: a personal code and a link that opens the shop's chat with it typed in -------------
  referralAsk: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、うれしいお言葉をありがとうございます。\n` +
    `もし身近に${shopName}が合いそうな方がいらっしゃいましたら、ご紹介いただけますと大変嬉しいです。`,
  referralShare: ({ code, link }: { code: string; link: string | undefined }) =>
    link
      ? `ご紹介の際は、下のリンクをお友だちにお送りください。タップすると当店のトークが開き、ご紹介コード「${code}」をそのまま送っていただけます。\n${link}`
      : `ご紹介の際は、お友だちに当店のLINEへ「紹介コード ${code}」と送っていただくようお伝えください。`,
  referralWelcome: ({ name }: { name: string }) =>
    `${name}様、ご紹介コードを確認いたしました。ご紹介でお越しいただき、ありがとうございます。ご来店を心よりお待ちしております。`,
  referralThanks: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、${shopName}をご紹介いただき、誠にありがとうございます。\n` +
    'ご紹介いただいたお友だちが、LINEでつながってくださいました。心より感謝申し上げます。',
  referralUnknown:
    'お送りいただいた紹介コードが見つかりませんでした。お手数ですが、コードをもう一度ご確認ください。',
  referralOwnCode: 'こちらはお客様ご自身の紹介コードです。お友だちにお送りいただくと、ご紹介として承ります。',
  referralAlready: 'ご紹介コードはすでに承っております。ありがとうございます。',
  referralNotNew:
    'ご紹介コードは、新しくお友だちになった方からお送りいただくものです。お気持ちに感謝いたします。',

  // ---- the newsletter: the shop's edition, wrapped for each customer ---------------------------------
  newsletterGreeting: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、こんにちは。${shopName}です。いつもありがとうございます。`,
  newsletterLastVisit: ({
    sinceLastVisit,
    lastService,
  }: {
    sinceLastVisit: string;
    lastService: string | undefined;
  }) =>
    `前回${lastService ? `の${lastService}` : 'のご来店'}から${sinceLastVisit}が経ちました。その後いかがお過ごしでしょうか。`,
  newsletterNoVisit: 'ご来店の際は、どうぞお気軽にお声がけください。',
  newsletterClosing: ({ shopName }: { shopName: string }) =>
    `ご都合のよいときに、ぜひ${shopName}へお立ち寄りください。\nお知らせは「配信停止」とお送りいただければ、いつでも止められます。`,
  /** What LINE shows in notifications and the chat list for a Flex edition (at most 400 characters). */
  newsletterAltText: ({ shopName, month }: { shopName: string; month: number }) =>
    `${shopName}からのお知らせ（${month}月号）`,

  /** 寒中見舞い for a customer staff marked as in mourning (喪中): sent instead of the New Year greeting. */
  kanchuMourning: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}様、寒中お見舞い申し上げます。\n` +
    `ご服喪中と伺い、年頭のご挨拶は控えさせていただきました。寒さ厳しき折、どうぞお体を大切にお過ごしください。${shopName}一同、心よりお祈り申し上げます。`,
};

export type Templates = typeof ja;
