import type { ComplaintCase, Customer, Message, Models, Survey } from '../db/models/index.js';
import { ACTIVITY_CAPS, activityIds, removeActivity } from './customer-activity.js';

/** What the customer card shows. */
export interface CustomerProfile {
  customer: Customer;
  openCases: ComplaintCase[];
  /** Answered surveys, newest first. */
  ratings: Pick<Survey, '_id' | 'rating' | 'ratedAt' | 'menu'>[];
  /** The conversation log, newest first. */
  recentMessages: Pick<Message, '_id' | 'direction' | 'summary' | 'text' | 'type' | 'at' | 'staff'>[];
}

const RECENT = 5;

type ProfileModels = Pick<Models, 'Customer' | 'ComplaintCase' | 'Survey' | 'Message' | 'CustomerActivity'>;

/**
 * Everything the customer card needs, by `_id` only: the customer (visits come from the counters on
 * it) and the ids their activity document keeps of messages, complaint cases and rated surveys, each
 * record read by `_id`. So the card costs the same whatever the message log holds. A customer older
 * than that document has each list read once from its collection (a scan on FerretDB), then never.
 */
export async function loadCustomerProfile(
  models: ProfileModels,
  customerId: string,
): Promise<CustomerProfile | null> {
  const [customer, ids] = await Promise.all([
    models.Customer.findById(customerId).lean(),
    activityIds(models, customerId, {
      messages: async () =>
        (
          await models.Message.find({ customerId }, { _id: 1 })
            .sort({ at: -1 })
            .limit(ACTIVITY_CAPS.messages)
            .lean()
        )
          .map((message) => message._id)
          .reverse(),
      cases: async () =>
        (await models.ComplaintCase.find({ customerId, status: { $ne: 'resolved' } }, { _id: 1 }).lean()).map(
          (complaint) => complaint._id,
        ),
      ratings: async () =>
        (
          await models.Survey.find({ customerId, rating: { $exists: true } }, { _id: 1 })
            .sort({ ratedAt: -1 })
            .limit(ACTIVITY_CAPS.ratings)
            .lean()
        )
          .map((survey) => survey._id)
          .reverse(),
    }),
  ]);
  if (!customer) return null;
  const [messages, cases, surveys] = await Promise.all([
    readOwn(models, customerId, 'messages', ids.messages.slice(-2 * RECENT), (id) =>
      models.Message.findById(id, {
        customerId: 1,
        direction: 1,
        summary: 1,
        text: 1,
        type: 1,
        at: 1,
        staff: 1,
      }).lean(),
    ),
    readOwn(models, customerId, 'cases', ids.cases, (id) => models.ComplaintCase.findById(id).lean()),
    readOwn(models, customerId, 'ratings', ids.ratings.slice(-2 * RECENT), (id) =>
      models.Survey.findById(id, { customerId: 1, rating: 1, ratedAt: 1, menu: 1 }).lean(),
    ),
  ]);
  const recentMessages = messages
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, RECENT)
    .map(({ customerId: _owner, ...message }) => message);
  const openCases = cases
    .filter((complaint) => complaint.status !== 'resolved')
    .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
    .slice(0, RECENT);
  const ratings = surveys
    .filter((survey) => survey.rating !== undefined)
    .sort((a, b) => (b.ratedAt?.getTime() ?? 0) - (a.ratedAt?.getTime() ?? 0))
    .slice(0, RECENT)
    .map(({ customerId: _owner, ...survey }) => survey);
  return { customer, openCases, ratings, recentMessages };
}

/** The records of these ids that are the customer's; ids of records gone or moved are dropped. */
async function readOwn<T extends { customerId: string }>(
  models: Pick<Models, 'CustomerActivity'>,
  customerId: string,
  section: 'messages' | 'cases' | 'ratings',
  ids: string[],
  read: (id: string) => Promise<T | null>,
): Promise<T[]> {
  const found: (T | null)[] = await Promise.all(ids.map(read));
  await removeActivity(
    models,
    customerId,
    section,
    ids.filter((_, index) => found[index]?.customerId !== customerId),
  );
  return found.filter((record): record is T => record?.customerId === customerId);
}
