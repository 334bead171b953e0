import type { Customer, Models } from '../db/models/index.js';
import type { CustomerDirectory } from './customer-directory.js';

/** A customer named by staff: an exact id, or words to search names for. */
export type CustomerQuery = { kind: 'id'; id: string } | { kind: 'name'; text: string };

export type CustomerLookup =
  | { kind: 'one'; customer: Customer }
  | { kind: 'many'; customers: Customer[]; total: number }
  | { kind: 'none' };

/** How many candidates a pick list shows. */
const PICK_LIST_SIZE = 8;

/**
 * Finds who staff mean. An id is read by `_id`; a name is searched in the directory and the
 * candidates read by `_id`. One exact match (or a single match) is the customer; otherwise the
 * candidates, best first, for staff to pick from.
 */
export async function lookUpCustomer(
  deps: { models: Pick<Models, 'Customer'>; directory: CustomerDirectory },
  query: CustomerQuery,
): Promise<CustomerLookup> {
  if (query.kind === 'id') {
    const customer = await deps.models.Customer.findById(query.id).lean();
    return customer ? { kind: 'one', customer } : { kind: 'none' };
  }
  const { hits, total } = await deps.directory.search(query.text, PICK_LIST_SIZE);
  const found: (Customer | null)[] = await Promise.all(
    hits.map((hit) => deps.models.Customer.findById(hit.id).lean()),
  );
  const customers = found.filter((customer): customer is Customer => customer !== null);
  if (customers.length === 0) return { kind: 'none' };
  const exact = hits.filter((hit) => hit.score === 100 && customers.some((c) => c._id === hit.id));
  if (customers.length === 1) return { kind: 'one', customer: customers[0]! };
  if (exact.length === 1) return { kind: 'one', customer: customers.find((c) => c._id === exact[0]!.id)! };
  return { kind: 'many', customers, total: Math.max(total, customers.length) };
}
