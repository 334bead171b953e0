import { linkHistoryCustomer } from '../analytics/customer-linking.js';
import type { Clock } from '../clock.js';
import type { Customer, LinkProposal, Models } from '../db/models/index.js';
import { isDuplicateKeyError } from '../errors.js';
import type { LineMessenger } from '../line/messenger.js';
import type { StaffNotices } from '../staff/staff-notices.js';
import { addressName, type Templates } from '../templates/index.js';

export interface PhoneLinksDeps {
  models: Models;
  messenger: Pick<LineMessenger, 'send'>;
  templates: Templates;
  notices: Pick<StaffNotices, 'phoneMatch' | 'linked'>;
  clock: Clock;
}

export type ProposalDecision =
  | { outcome: 'linked'; friend: Customer; history: Customer; visitsMoved: number }
  | { outcome: 'rejected' | 'decided-before' | 'gone' };

/**
 * A LINE friend gives their phone number in chat: it is kept on their record and in the phone index
 * (`_id` = the number, one read), and each imported history record with the same number becomes a
 * proposal staff decide on — never a merge without a person's yes. The customer is told the same
 * whether or not a record matched (a number reveals nothing about who else is a customer).
 */
export class PhoneLinks {
  constructor(private readonly deps: PhoneLinksDeps) {}

  /** Keeps the number and proposes the matches; returns how many were proposed. */
  async register(friend: Customer, phone: string): Promise<number> {
    const { PhoneIndex, Customer } = this.deps.models;
    await Customer.updateOne({ _id: friend._id }, { $set: { phone } });
    const entry = await PhoneIndex.findById(phone).lean();
    await PhoneIndex.updateOne({ _id: phone }, { $addToSet: { customerIds: friend._id } }, { upsert: true });
    const candidates = (entry?.customerIds ?? []).filter((id) => id.startsWith('ext:'));
    let proposed = 0;
    for (const id of candidates) {
      const history = await Customer.findById(id).lean();
      if (!history || history.linkedTo || history.status !== 'unlinked') continue;
      const proposal = await this.propose(friend, history);
      if (proposal) {
        await this.deps.notices.phoneMatch({ friend: { ...friend, phone }, history, proposal });
        proposed++;
      }
    }
    return proposed;
  }

  /** Staff said つなぐ (`link`) or 違う (`reject`). Only the first decision counts. */
  async decide(proposalId: string, decision: 'link' | 'reject', by: string): Promise<ProposalDecision> {
    const { LinkProposal, Customer } = this.deps.models;
    const now = this.deps.clock.now();
    const proposal = await LinkProposal.findById(proposalId).lean();
    if (!proposal) return { outcome: 'gone' };
    if (proposal.status !== 'proposed') return { outcome: 'decided-before' };
    const status = decision === 'link' ? 'linked' : 'rejected';
    const claimed = await LinkProposal.updateOne(
      { _id: proposalId, status: 'proposed' },
      { $set: { status, decidedAt: now, decidedBy: by } },
    );
    if (claimed.modifiedCount !== 1) return { outcome: 'decided-before' };
    if (decision === 'reject') return { outcome: 'rejected' };
    const linked = await linkHistoryCustomer(
      { models: this.deps.models, now },
      { historyCustomerId: proposal.historyId, lineCustomerId: proposal.friendId },
    );
    const [friend, history] = await Promise.all([
      Customer.findById(proposal.friendId).lean(),
      Customer.findById(proposal.historyId).lean(),
    ]);
    if (!friend || !history) return { outcome: 'gone' };
    if (friend.status === 'following') {
      await this.deps.messenger.send({
        to: friend._id,
        key: `link:${proposalId}`,
        purpose: 'link',
        messages: [
          {
            type: 'text',
            text: this.deps.templates.linkCodeLinked({ name: addressName(friend, this.deps.templates) }),
          },
        ],
      });
    }
    await this.deps.notices.linked({ friend, history, visitsMoved: linked.visitsMoved, by: 'phone' });
    return { outcome: 'linked', friend, history, visitsMoved: linked.visitsMoved };
  }

  private async propose(friend: Customer, history: Customer): Promise<LinkProposal | undefined> {
    try {
      const created = await this.deps.models.LinkProposal.create({
        _id: `${friend._id}~${history._id}`,
        friendId: friend._id,
        historyId: history._id,
        status: 'proposed',
        createdAt: this.deps.clock.now(),
      });
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return undefined; // proposed before: staff already have it
    }
  }
}
