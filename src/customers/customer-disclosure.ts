import type { Models } from '../db/models/index.js';

type DisclosureModels = Pick<
  Models,
  | 'Customer'
  | 'Visit'
  | 'Message'
  | 'InboxEvent'
  | 'Conversation'
  | 'Survey'
  | 'ComplaintCase'
  | 'WinBack'
  | 'ContactTask'
  | 'LinkProposal'
  | 'LinkCode'
  | 'PhoneIndex'
  | 'SendLedger'
  | 'OutreachSkip'
  | 'Wish'
  | 'Referral'
  | 'ReferralCode'
  | 'SlackThread'
  | 'SlackNotice'
>;

/**
 * Where Joren keeps a customer's data, one section per erasure step (src/customers/customer-erasure.ts
 * and the steps registered with it), each reading what that step deletes or anonymises. A test runs
 * an erasure and checks every step it ran has a section here (or is one of `NOT_DISCLOSED`), so the
 * two lists cannot drift apart.
 */
const sections: Record<string, (m: DisclosureModels, id: string, ext: string[]) => Promise<unknown[]>> = {
  customer: (m, id) => m.Customer.find({ _id: id }).lean(),
  importedRecords: (m, id, ext) => m.Customer.find({ $or: [{ linkedTo: id }, { _id: { $in: ext } }] }).lean(),
  messages: (m, id) => m.Message.find({ customerId: id }).sort({ at: 1 }).lean(),
  inboxEvents: (m, id) => m.InboxEvent.find({ userId: id }).lean(),
  conversation: (m, id) => m.Conversation.find({ _id: id }).lean(),
  surveys: (m, id) => m.Survey.find({ customerId: id }).lean(),
  visits: (m, id) => m.Visit.find({ customerId: id }).sort({ at: 1 }).lean(),
  complaintCases: (m, id) => m.ComplaintCase.find({ customerId: id }).lean(),
  winBacks: (m, id) => m.WinBack.find({ customerId: id }).lean(),
  contactTasks: (m, id) => m.ContactTask.find({ customerId: id }).lean(),
  linkProposals: (m, id) => m.LinkProposal.find({ $or: [{ friendId: id }, { historyId: id }] }).lean(),
  linkCodes: (m, id) => m.LinkCode.find({ $or: [{ customerId: id }, { usedBy: id }] }).lean(),
  phoneIndex: (m, id) => m.PhoneIndex.find({ customerIds: id }).lean(),
  sendLedger: (m, id) => m.SendLedger.find({ customerId: id }).lean(),
  outreachSkips: (m, id) => m.OutreachSkip.find({ customerId: id }).lean(),
  wishesAndReferrals: async (m, id) => [
    ...(await m.Wish.find({ customerId: id }).lean()),
    ...(await m.Referral.find({ $or: [{ _id: id }, { referrerId: id }] }).lean()),
    ...(await m.ReferralCode.find({ customerId: id }).lean()),
  ],
  slack: (m, id) => m.SlackThread.find({ customerId: id }).lean(),
  slackNotices: (m, id) => m.SlackNotice.find({ customerIds: id }).lean(),
};

/**
 * Erasure steps with nothing to disclose of their own: lease records (when a worker held the
 * customer's inbox), the inbox's waiting copies (`inboxPending`: copies of events in `inboxEvents`),
 * precomputed lapse scores and fan-out batches (copies of the ledger and of messages already in other
 * sections), scheduled follow-ups (jobs naming only the customer id) and the customer's activity
 * document (ids of records disclosed in other sections, kept ready for hot paths).
 */
export const NOT_DISCLOSED = [
  'leases',
  'inboxPending',
  'lapseScores',
  'outreachBatches',
  'scheduledFollowUps',
  'customerActivity',
] as const;

/** The sections a disclosure has, for the test that compares them with the erasure's steps. */
export const disclosureSections = Object.keys(sections);

/** Everything Joren holds about one customer (a disclosure request under Japan's APPI), as JSON. */
export interface CustomerDisclosure {
  customerId: string;
  exportedAt: string;
  sections: Record<string, unknown[]>;
}

/** Reads every section for the customer; null when there is no such customer. */
export async function discloseCustomer(
  models: DisclosureModels,
  customerId: string,
  now: Date,
): Promise<CustomerDisclosure | null> {
  const customer = await models.Customer.findById(customerId, { externalIds: 1 }).lean();
  if (!customer) return null;
  const ext = customer.externalIds.map((id) => `ext:${id}`).filter((id) => id !== customerId);
  const found: Record<string, unknown[]> = {};
  for (const [name, read] of Object.entries(sections)) found[name] = await read(models, customerId, ext);
  return { customerId, exportedAt: now.toISOString(), sections: found };
}
