import { lookUpCustomer } from '../../customers/customer-lookup.js';
import { SHOW_CUSTOMER, customerPickList } from '../blocks/customer-card.js';
import { customerCardOf } from '../customers/customer-voice.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { customerQuery } from './arguments.js';
import { defineCommand } from './command.js';

/**
 * `/customer <name or id>`: the customer card. A name matches in part, in kana or katakana and in
 * any width; several matches give a short pick list.
 */
export const customerCommand = defineCommand({
  name: '/customer',
  args: customerQuery,
  usage: (t) => t.usageCustomer,
  async run(query, call) {
    const { services, slack, t } = call;
    const timeZone = services.shop.timezone;
    const found = await lookUpCustomer({ models: services.models, directory: slack.customers }, query);
    if (found.kind === 'none') return { text: t.notFound({ query: escapeMrkdwn(call.typed) }) };
    if (found.kind === 'many') {
      return customerPickList(
        { customers: found.customers, total: found.total, query: call.typed, actionId: SHOW_CUSTOMER },
        t,
        timeZone,
      );
    }
    const card = await customerCardOf(services, t, found.customer._id);
    return card ?? { text: t.notFound({ query: escapeMrkdwn(call.typed) }) };
  },
});
