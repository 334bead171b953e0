import type { TaskRow } from '../../customers/contact-tasks.js';
import { formatPhone } from '../../customers/phone-number.js';
import type { ErasureStep } from '../../customers/customer-erasure.js';
import type { Customer, LinkProposal, Models, Visit } from '../../db/models/index.js';
import type { Logger } from '../../log.js';
import type { StaffNotices } from '../../staff/staff-notices.js';
import { customerName } from '../blocks/customer-card.js';
import { kit, type Block } from '../blocks/kit.js';
import type { SlackStaffDesk } from '../desk/slack-staff-desk.js';
import { formatMoment, type StaffText } from '../text/index.js';
import { reachTextFor } from '../text/ops-text.js';
import { slackErrorCode, type SlackWebClient } from '../web-client.js';
import { PHONE_LINK, PHONE_REJECT, UNDO_CHECK_IN, taskBlocks } from './reach-blocks.js';

/** Slack allows 50 blocks a message: a header and two blocks a task. */
const TASKS_PER_MESSAGE = 20;

/**
 * Visits-and-reach notices in the staff channel, in the channel's language. Slack being unreachable
 * must not hold up a customer's check-in: a failure is logged with Slack's error code (never a name
 * or a number) and the turn goes on.
 */
export class SlackStaffNotices implements StaffNotices {
  constructor(
    private readonly deps: {
      web: SlackWebClient;
      channel: string;
      text: StaffText;
      timeZone: string;
      desk: Pick<SlackStaffDesk, 'noteOnCase'>;
      models: Pick<Models, 'SlackNotice'>;
      now: () => Date;
      log: Logger;
    },
  ) {}

  /** The erasure step that deletes the notices naming a forgotten customer from Slack. */
  erasureStep(): ErasureStep {
    const { models, web } = this.deps;
    return {
      name: 'slackNotices',
      run: async ({ customerId }) => {
        // A rare action: the scan by customer is fine.
        const notices = await models.SlackNotice.find({ customerIds: customerId }).lean();
        for (const notice of notices) {
          try {
            await web.chat.delete({ channel: notice.channel, ts: notice.ts });
          } catch (error) {
            if (!['message_not_found', 'channel_not_found'].includes(slackErrorCode(error))) throw error;
          }
          await models.SlackNotice.deleteOne({ _id: notice._id });
        }
        return notices.length;
      },
    };
  }

  private get r() {
    return reachTextFor(this.deps.text);
  }

  async checkedIn({ customer, visit }: { customer: Customer; visit: Visit }): Promise<void> {
    const line = this.r.checkedIn({
      name: customerName(customer),
      at: formatMoment(visit.at, this.deps.timeZone),
    });
    await this.post('check-in', [customer._id], line, [
      kit.section(line, kit.button(this.r.undoButton, UNDO_CHECK_IN, visit._id)),
      kit.context(this.r.checkInFollowUps),
    ]);
  }

  async linked(input: { friend: Customer; history: Customer; visitsMoved: number; by: 'code' | 'phone' }) {
    const line = this.r.linked({
      friend: customerName(input.friend),
      history: customerName(input.history),
      visits: input.visitsMoved,
      how: input.by === 'code' ? this.r.linkedByCode : this.r.linkedByPhone,
    });
    await this.post('linked', [input.friend._id, input.history._id], line, [kit.section(line)]);
  }

  async phoneMatch(input: { friend: Customer; history: Customer; proposal: LinkProposal }): Promise<void> {
    const line = this.r.phoneMatch({
      friend: customerName(input.friend),
      history: customerName(input.history),
      phone: formatPhone(input.friend.phone ?? ''),
    });
    await this.post('phone-match', [input.friend._id, input.history._id], line, [
      kit.section(line),
      kit.actions(
        `proposal:${input.proposal._id}`.slice(0, 255),
        kit.button(this.r.phoneLinkButton, PHONE_LINK, input.proposal._id, { style: 'primary' }),
        kit.button(this.r.phoneRejectButton, PHONE_REJECT, input.proposal._id),
      ),
    ]);
  }

  async contactTasks({ day, tasks }: { day: string; tasks: TaskRow[] }): Promise<void> {
    const header = this.r.tasksHeader({ day: day.replace(/-/g, '/') });
    if (tasks.length === 0) {
      await this.post('contact-tasks', [], header, [kit.header(header), kit.context(this.r.tasksNone)]);
      return;
    }
    for (let start = 0; start < tasks.length; start += TASKS_PER_MESSAGE) {
      const page = tasks.slice(start, start + TASKS_PER_MESSAGE);
      const blocks: Block[] = [kit.header(header)];
      for (const row of page) blocks.push(...taskBlocks(row, this.r));
      await this.post(
        'contact-tasks',
        page.map((row) => row.customer._id),
        header,
        blocks,
      );
    }
  }

  async caseStalled({
    caseId,
    ownerId,
    days,
  }: {
    caseId: string;
    ownerId: string | undefined;
    days: number;
  }) {
    const owner = ownerId ? `<@${ownerId}> ` : this.r.caseStalledNoOwner;
    try {
      await this.deps.desk.noteOnCase(caseId, this.r.caseStalled({ owner, days }));
    } catch (error) {
      this.deps.log.error({ caseId, slackError: slackErrorCode(error) }, 'case reminder not posted');
    }
  }

  async caseStillUnhappy({
    caseId,
    ownerId,
    rating,
  }: {
    caseId: string;
    ownerId: string | undefined;
    rating: number;
  }) {
    const owner = ownerId ? `<@${ownerId}> ` : '';
    try {
      await this.deps.desk.noteOnCase(caseId, this.r.caseStillUnhappy({ owner, rating }));
    } catch (error) {
      this.deps.log.error({ caseId, slackError: slackErrorCode(error) }, 'case follow-up note not posted');
    }
  }

  private async post(what: string, customerIds: string[], text: string, blocks: Block[]): Promise<void> {
    try {
      const posted = await this.deps.web.chat.postMessage({ channel: this.deps.channel, text, blocks });
      if (customerIds.length > 0 && posted.ts) {
        await this.deps.models.SlackNotice.create({
          _id: `${this.deps.channel}:${posted.ts}`,
          channel: this.deps.channel,
          ts: posted.ts,
          customerIds,
          createdAt: this.deps.now(),
        });
      }
    } catch (error) {
      this.deps.log.error({ notice: what, slackError: slackErrorCode(error) }, 'staff notice not posted');
    }
  }
}
