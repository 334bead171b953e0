import type { Customer } from '../../db/models/index.js';
import { loadCustomerProfile } from '../../customers/customer-profile.js';
import { mourningYear } from '../../retention/mourning.js';
import { customerCard, customerName } from '../blocks/customer-card.js';
import { kit, type Block, type SlackMessage } from '../blocks/kit.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import type { StaffServices } from '../slack-deps.js';
import { formatDate, type StaffText } from '../text/index.js';
import { voiceTextFor } from '../text/voice-text.js';

/** Action id of the 喪中 button (`customer:mourning:<id>`, value `on:<id>` or `off:<id>`). */
export const MOURNING = 'customer:mourning';

/**
 * What the customer card shows of the shop's voice: the 喪中 mark (and its button), their latest
 * wishes, who brought them, how many they brought and their referral code.
 */
export async function customerVoiceBlocks(
  services: StaffServices,
  t: StaffText,
  customer: Customer,
): Promise<Block[]> {
  const vt = voiceTextFor(t);
  const zone = services.shop.timezone;
  const [wishes, standing] = await Promise.all([
    services.voice.wishes.of(customer._id),
    services.voice.referrals.standing(customer),
  ]);
  const referrer = standing.referredBy
    ? await services.models.Customer.findById(standing.referredBy.referrerId, {
        callName: 1,
        displayName: 1,
      }).lean()
    : null;
  const wishLines = wishes.map(
    (wish) =>
      `\`${formatDate(wish.at, zone)}\` ${vt.wishThemes[wish.theme] ?? wish.theme}` +
      (wish.text ? `: ${escapeMrkdwn(clip(wish.text, 100))}` : ''),
  );
  const referralLines = [
    ...(standing.referredBy
      ? [
          vt.referredBy({
            name: referrer ? customerName(referrer) : t.forgottenCustomer,
            at: formatDate(standing.referredBy.at, zone),
          }),
        ]
      : []),
    ...(standing.brought.length > 0 ? [vt.referredCount({ count: standing.brought.length })] : []),
    ...(standing.code ? [vt.referralCode({ code: standing.code })] : []),
  ];
  const marked = customer.mourningMarkedAt;
  return [
    kit.fields([
      [vt.fieldWishes, wishLines.length > 0 ? wishLines.join('\n') : t.none],
      [vt.fieldReferrals, referralLines.length > 0 ? referralLines.join('\n') : t.none],
      [vt.fieldMourning, marked ? vt.mourningOn({ year: mourningYear(marked, zone) }) : t.none],
    ]),
    kit.actions(
      'customer_voice',
      kit.button(
        marked ? vt.mourningButtonOff : vt.mourningButtonOn,
        `${MOURNING}:${customer._id}`,
        `${marked ? 'off' : 'on'}:${customer._id}`,
      ),
    ),
  ];
}

/** The whole customer card of a customer id (null when there is no such customer). */
export async function customerCardOf(
  services: StaffServices,
  t: StaffText,
  customerId: string,
  options: { actions?: boolean } = {},
): Promise<SlackMessage | null> {
  const profile = await loadCustomerProfile(services.models, customerId);
  if (!profile) return null;
  const extra = await customerVoiceBlocks(services, t, profile.customer);
  return customerCard(profile, t, services.shop.timezone, { ...options, extra });
}
