import type { Customer } from '../../db/models/index.js';
import { customerName } from '../blocks/customer-card.js';
import { kit, type SlackMessage } from '../blocks/kit.js';
import type { ButtonHandler } from '../interactions.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { StaffText } from '../text/index.js';
import { customerIdValue, customerQuery } from './arguments.js';
import { defineCommand } from './command.js';
import { findOneCustomer } from './find-customer.js';

const PICK = 'forget:pick';
const CONFIRM = 'forget:confirm';
const CANCEL = 'forget:cancel';

/**
 * `/forget <customer>`: deletes a customer's personal data at their request — only after a staff
 * member presses 「削除する」 and confirms Slack's dialog. What is deleted and what stays as an
 * anonymous count is in docs/privacy.md.
 */
export const forgetCommand = defineCommand({
  name: '/forget',
  args: customerQuery,
  usage: (t) => t.usageForget,
  async run(query, call) {
    const found = await findOneCustomer(call, query, PICK);
    if ('answer' in found) return found.answer;
    return confirmation(found.customer, call.t);
  },
});

function confirmation(customer: Customer, t: StaffText): SlackMessage {
  const text = t.forgetConfirm({ name: customerName(customer), id: escapeMrkdwn(customer._id) });
  return {
    text,
    blocks: [
      kit.section(text),
      kit.actions(
        'forget',
        kit.button(t.forgetButton, CONFIRM, customer._id, {
          style: 'danger',
          confirm: {
            title: kit.plain(t.forgetDialogTitle, 100),
            text: kit.plain(t.forgetDialogText, 300),
            confirm: kit.plain(t.forgetDialogConfirm, 30),
            deny: kit.plain(t.forgetDialogDeny, 30),
            style: 'danger',
          },
        }),
        kit.button(t.forgetCancelButton, CANCEL, customer._id),
      ),
    ],
  };
}

/** The buttons of /forget: pick from several, confirm, cancel. */
export const forgetButtons: ButtonHandler[] = [
  {
    actionId: new RegExp(`^${PICK}:`),
    async run(press) {
      const id = customerIdValue.safeParse(press.value);
      const customer = id.success ? await press.services.models.Customer.findById(id.data).lean() : null;
      await press.reply(customer ? confirmation(customer, press.t) : { text: press.t.forgetGone });
    },
  },
  {
    actionId: CONFIRM,
    async run(press) {
      const id = customerIdValue.safeParse(press.value);
      const customer = id.success ? await press.services.models.Customer.findById(id.data).lean() : null;
      if (!customer) {
        await press.reply({ text: press.t.forgetGone });
        return;
      }
      await press.reply({ text: press.t.forgetWorking });
      const name = customerName(customer);
      const done = await press.slack.erasure.forget(customer._id, press.member.userId);
      press.slack.customers.remove(customer._id);
      await press.reply({ text: done ? press.t.forgetDone({ name }) : press.t.forgetGone });
    },
  },
  {
    actionId: CANCEL,
    async run(press) {
      await press.reply({ text: press.t.forgetCancelled });
    },
  },
];
