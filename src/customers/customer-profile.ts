import type { ComplaintCase, Customer, Message, Models, Survey } from '../db/models/index.js';

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

/**
 * Everything the customer card needs, read in parallel. Visits come from the counters on the customer
 * (kept by whoever records a visit), never from scanning visits. Cases, surveys and messages are read
 * by customerId: indexed on MongoDB; on FerretDB these scan their collections — cheap while they are
 * small (cases are few), the cost to watch for the message log of a large shop (see the report on
 * issue 4: a per-customer activity document keyed by customer id would make it a primary-key read).
 */
export async function loadCustomerProfile(
  models: Pick<Models, 'Customer' | 'ComplaintCase' | 'Survey' | 'Message'>,
  customerId: string,
): Promise<CustomerProfile | null> {
  const [customer, openCases, ratings, recentMessages] = await Promise.all([
    models.Customer.findById(customerId).lean(),
    models.ComplaintCase.find({ customerId, status: { $ne: 'resolved' } })
      .sort({ openedAt: -1 })
      .limit(RECENT)
      .lean(),
    models.Survey.find({ customerId, rating: { $exists: true } }, { rating: 1, ratedAt: 1, menu: 1 })
      .sort({ ratedAt: -1 })
      .limit(RECENT)
      .lean(),
    models.Message.find({ customerId }, { direction: 1, summary: 1, text: 1, type: 1, at: 1, staff: 1 })
      .sort({ at: -1 })
      .limit(RECENT)
      .lean(),
  ]);
  if (!customer) return null;
  return { customer, openCases, ratings, recentMessages };
}
