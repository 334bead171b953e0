import { discloseCustomer } from '../../customers/customer-disclosure.js';
import { customerIdValue } from '../commands/arguments.js';
import type { ButtonHandler } from '../interactions.js';
import { customerName } from '../blocks/customer-card.js';
import type { SlackDeps } from '../slack-deps.js';
import type { StaffMemberRef } from '../staff-directory.js';
import type { StaffText } from '../text/index.js';
import { dataTextFor } from '../text/ops-text.js';
import { slackErrorCode } from '../web-client.js';
import { EXPORT_CUSTOMER_DATA } from '../reach/reach-actions.js';

/**
 * A disclosure request (Japan's APPI, art. 33): everything Joren holds about the customer as one JSON
 * file, sent to the requesting staff member's DM with the bot (conversations.open, then Slack's
 * external upload) — never to the staff channel. Returns what to tell them.
 */
export async function sendCustomerData(
  deps: SlackDeps,
  request: { member: StaffMemberRef; t: StaffText; customerId: string },
): Promise<string> {
  const { services, slack } = deps;
  const d = dataTextFor(request.t);
  const now = services.clock.now();
  const disclosure = await discloseCustomer(services.models, request.customerId, now);
  const customer = disclosure?.sections.customer?.[0] as Parameters<typeof customerName>[0] | undefined;
  if (!disclosure || !customer) return request.t.forgetGone;
  const name = customerName(customer);
  try {
    const { channel } = await slack.web.conversations.open({ users: request.member.userId });
    await slack.web.filesUploadV2({
      channel_id: channel!.id!,
      file: Buffer.from(JSON.stringify(disclosure, null, 2), 'utf8'),
      filename: `joren-customer-data-${now.toISOString().slice(0, 10)}.json`,
      title: d.exportButton,
      initial_comment: d.exportComment({ name }),
    });
  } catch (error) {
    services.log.warn({ slackError: slackErrorCode(error) }, 'customer data not sent to Slack');
    return d.exportFailed;
  }
  services.log.info(
    { requestedBy: request.member.userId, sections: Object.keys(disclosure.sections).length },
    'customer data exported for a disclosure request',
  );
  return d.exportSent({ name });
}

export const disclosureButtons: ButtonHandler[] = [
  {
    actionId: EXPORT_CUSTOMER_DATA,
    async run(press) {
      const id = customerIdValue.safeParse(press.value);
      if (!id.success) return press.reply({ text: press.t.forgetGone });
      await press.reply({
        text: await sendCustomerData(press, { member: press.member, t: press.t, customerId: id.data }),
      });
    },
  },
];
