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
};

export type Templates = typeof ja;
