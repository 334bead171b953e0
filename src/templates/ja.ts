/**
 * Every message a customer reads, in Japanese (polite です/ます). A shop changes its wording here and
 * nowhere else. Each entry takes the variables it needs; `name` is how the customer is addressed
 * (their chosen call name, else their LINE name, else 「お客様」).
 */
export const ja = {
  customerFallbackName: 'お客様',

  welcome: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}さん、${shopName}を友だち追加いただき、ありがとうございます。\n` +
    'こちらのアカウントでは、ご来店後のご連絡やお知らせをお届けします。ご質問もお気軽にどうぞ。',

  welcomeBack: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}さん、おかえりなさいませ。${shopName}を再び友だち追加いただき、ありがとうございます。\n` +
    'またお目にかかれるのを楽しみにしております。',

  linkCodeLinked: ({ name }: { name: string }) =>
    `${name}さん、これまでのご来店履歴とLINEを連携いたしました。今後ともよろしくお願いいたします。`,

  linkCodeUnknown: () =>
    'お送りいただいたコードが見つかりませんでした。お手数ですが、コードをもう一度ご確認ください。',

  linkCodeExpired: () =>
    'このコードは有効期限が切れております。お手数ですが、スタッフに新しいコードをお申し付けください。',

  linkCodeUsed: () => 'このコードはすでに使われております。ご不明な点はスタッフにお尋ねください。',
};

export type Templates = typeof ja;
