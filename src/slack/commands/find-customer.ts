import type { Customer } from '../../db/models/index.js';
import type { CustomerQuery } from '../../customers/customer-lookup.js';
import { lookUpCustomer } from '../../customers/customer-lookup.js';
import { customerPickList } from '../blocks/customer-card.js';
import type { SlackMessage } from '../blocks/kit.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { CommandCall } from './command.js';

/**
 * The one customer a command names, or the answer when it names none ("not found") or several (a
 * pick list whose buttons carry `pickActionId`).
 */
export async function findOneCustomer(
  call: CommandCall,
  query: CustomerQuery,
  pickActionId: string,
): Promise<{ customer: Customer } | { answer: SlackMessage }> {
  const { services, slack, t } = call;
  const found = await lookUpCustomer({ models: services.models, directory: slack.customers }, query);
  if (found.kind === 'none') return { answer: { text: t.notFound({ query: escapeMrkdwn(call.typed) }) } };
  if (found.kind === 'many') {
    return {
      answer: customerPickList(
        { customers: found.customers, total: found.total, query: call.typed, actionId: pickActionId },
        t,
        services.shop.timezone,
      ),
    };
  }
  return { customer: found.customer };
}
