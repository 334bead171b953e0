import type { Customer } from '../../db/models/index.js';
import type { CustomerProfile } from '../../customers/customer-profile.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import { formatDate, formatMoment, type StaffText } from '../text/index.js';
import { kit, type Block, type SlackMessage } from './kit.js';
import { customerActions } from '../reach/customer-actions.js';

/** Action ids of the buttons that show a customer card. */
export const SHOW_CUSTOMER = 'customer:show';
export const OPEN_PROFILE = 'customer:profile';

/** A customer's name as staff know it: 「山田 花子（はなこ）」, escaped for mrkdwn. */
export function customerName(customer: Pick<Customer, '_id' | 'callName' | 'displayName'>): string {
  const { callName, displayName } = customer;
  const name =
    displayName && callName && displayName !== callName
      ? `${displayName}（${callName}）`
      : (displayName ?? callName ?? customer._id);
  return escapeMrkdwn(clip(name, 80));
}

/** The customer card: who they are, visits, birthday, tags, survey scores, open cases, last messages. */
export function customerCard(
  profile: CustomerProfile,
  t: StaffText,
  timeZone: string,
  /** `actions: false` leaves the buttons off; `extra` adds sections (wishes, referrals, 喪中) above the id. */
  options: { actions?: boolean; extra?: Block[] } = {},
): SlackMessage {
  const { customer } = profile;
  const name = customerName(customer);
  const status = t.status[customer.status] + (customer.marketingOptOut ? ` · ${t.marketingOptOut}` : '');
  const visits =
    customer.visitCount > 0 && customer.firstVisitAt && customer.lastVisitAt
      ? t.visits({
          count: customer.visitCount,
          first: formatDate(customer.firstVisitAt, timeZone),
          last: formatDate(customer.lastVisitAt, timeZone),
        })
      : t.noVisits;
  const ratings = profile.ratings.map((survey) => survey.rating).filter((r): r is number => r !== undefined);
  const surveys = ratings.length
    ? t.surveys({
        ratings: ratings.join('・'),
        average: (ratings.reduce((sum, r) => sum + r, 0) / ratings.length).toFixed(1),
      })
    : t.none;

  const blocks: Block[] = [
    kit.section(`*${name}* · ${status}`),
    kit.fields([
      [t.fieldVisits, visits],
      [t.fieldBirthday, customer.birthday ? t.birthday(customer.birthday) : t.none],
      [t.fieldTags, customer.tags.length ? customer.tags.map((tag) => escapeMrkdwn(tag)).join(', ') : t.none],
      [t.fieldSurveys, surveys],
    ]),
  ];
  if (profile.openCases.length > 0) {
    const lines = profile.openCases.map((c) =>
      t.caseLine({
        status: t.caseStatus[c.status],
        openedAt: formatMoment(c.openedAt, timeZone),
        trigger: t.trigger({ trigger: c.trigger }),
      }),
    );
    blocks.push(kit.section(`*${t.fieldCases}*\n${lines.map((line) => `• ${line}`).join('\n')}`));
  }
  if (profile.recentMessages.length > 0) {
    const lines = profile.recentMessages.map((m) => {
      const who = m.direction === 'in' ? t.fromCustomer : m.staff ? escapeMrkdwn(m.staff) : t.fromShop;
      return `\`${formatMoment(m.at, timeZone)}\` ${who}: ${escapeMrkdwn(clip(m.summary, 150))}`;
    });
    blocks.push(kit.section(`*${t.fieldMessages}*\n${lines.join('\n')}`));
  }
  const notes = customer.notes.slice(-3).reverse();
  if (notes.length > 0) {
    const lines = notes.map(
      (n) => `\`${formatDate(n.at, timeZone)}\` ${escapeMrkdwn(n.by)}: ${escapeMrkdwn(clip(n.text, 300))}`,
    );
    blocks.push(kit.section(`*${t.fieldNotes}*\n${lines.join('\n')}`));
  }
  blocks.push(...(options.extra ?? []));
  // In a modal (the profile button) the buttons would need views.push; the card there only informs.
  if (options.actions ?? true) blocks.push(customerActions(customer, t));
  blocks.push(kit.context(`ID: \`${escapeMrkdwn(customer._id)}\``));
  return { text: `${name} · ${status}`, blocks };
}

/** Several customers match: their names and a button each. */
export function customerPickList(
  input: { customers: Customer[]; total: number; query: string; actionId: string },
  t: StaffText,
  timeZone: string,
): SlackMessage {
  const query = escapeMrkdwn(input.query);
  const blocks: Block[] = [kit.section(t.pickOne({ count: input.total, query }))];
  for (const customer of input.customers) {
    const last = customer.lastVisitAt
      ? ` · ${t.fieldVisits} ${formatDate(customer.lastVisitAt, timeZone)}`
      : '';
    blocks.push(
      kit.section(
        `*${customerName(customer)}* · ${t.status[customer.status]}${last}`,
        kit.button(t.showButton, `${input.actionId}:${customer._id}`, customer._id),
      ),
    );
  }
  if (input.total > input.customers.length) {
    blocks.push(kit.context(t.moreMatches({ hidden: input.total - input.customers.length })));
  }
  return { text: t.pickOne({ count: input.total, query }), blocks };
}
