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
    `${name}さん、${yesterday ? '昨日' : '先日'}は${shopName}${menu ? `で「${menu}」を` : 'を'}ご利用いただき、誠にありがとうございました。\n` +
    'その後いかがでしょうか。気になることがございましたら、こちらからお気軽にご連絡ください。',

  birthday: ({ shopName, name, belated }: { shopName: string; name: string; belated: boolean }) =>
    `${name}さん、${belated ? '少し遅くなってしまいましたが、' : ''}お誕生日おめでとうございます。\n` +
    `素敵な一年になりますよう、${shopName}のスタッフ一同心よりお祈りしております。`,

  /** Added to the birthday greeting when the shop offers a birthday gift (BIRTHDAY_COUPON). */
  birthdayCoupon:
    'お誕生日の月にご来店の際は、このメッセージをスタッフにお見せください。ささやかですが、お誕生日の特典をご用意しております。',

  seasonal: {
    'new-year': ({ shopName, name, year }: { shopName: string; name: string; year: number }) =>
      `${name}さん、新年あけましておめでとうございます。\n` +
      `旧年中は${shopName}をご愛顧いただき、誠にありがとうございました。${year}年も皆さまに喜んでいただけるよう努めてまいります。本年もどうぞよろしくお願いいたします。`,
    kanchu: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}さん、寒中お見舞い申し上げます。\n` +
      `厳しい寒さが続いておりますが、いかがお過ごしでしょうか。どうぞ暖かくしてお過ごしください。${shopName}一同、またお会いできるのを楽しみにしております。`,
    shochu: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}さん、暑中お見舞い申し上げます。\n` +
      `暑い日が続いておりますが、お変わりなくお過ごしでしょうか。どうぞご自愛ください。${shopName}一同、またのお越しをお待ちしております。`,
    zansho: ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}さん、残暑お見舞い申し上げます。\n` +
      `暦の上では秋となりましたが、まだまだ暑い日が続いております。夏の疲れが出やすい時期ですので、どうぞお体を大切になさってください。${shopName}一同より。`,
    'year-end': ({ shopName, name }: { shopName: string; name: string; year: number }) =>
      `${name}さん、今年も${shopName}をご利用いただき、誠にありがとうございました。\n` +
      '寒さも厳しくなってまいりましたので、どうぞお体に気をつけて、良いお年をお迎えください。来年もどうぞよろしくお願いいたします。',
  },

  /** The regular touch: the shop's current news, for customers not heard from in a while. */
  news: ({ shopName, name }: { shopName: string; name: string }) =>
    `${name}さん、こんにちは。${shopName}です。いつもありがとうございます。\n` +
    'その後お変わりなくお過ごしでしょうか。季節に合わせたメニューもご用意しておりますので、ご都合のよいときにぜひお立ち寄りください。',
};

export type Templates = typeof ja;
