import type { Models, StaffNote } from '../db/models/index.js';

/**
 * Keeps a staff member's note on the customer, once: a note with the same author and instant is
 * already there when the request that carried it arrives again (Slack may deliver an event twice).
 */
export async function addStaffNote(
  models: Pick<Models, 'Customer'>,
  customerId: string,
  note: StaffNote,
): Promise<void> {
  if (note.text === '') return;
  const customer = await models.Customer.findById(customerId, { notes: 1 }).lean();
  if (!customer || customer.notes.some((n) => n.at.getTime() === note.at.getTime() && n.by === note.by))
    return;
  await models.Customer.updateOne({ _id: customerId }, { $push: { notes: note } });
}
