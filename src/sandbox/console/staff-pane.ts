import type { AppContext } from '../../context.js';
import { SlackRequestClient, type SlackActor } from '../slack-api/slack-requests.js';
import { consoleLimits, dropOldest, keepLatest, sandboxLimits } from '../limits.js';
import type { SlackSandbox } from '../slack-sandbox.js';

type Json = Record<string, unknown>;

/** A message of the staff channel as the console draws it, with its thread. */
export interface StaffMessage {
  ts: string;
  user: string;
  text: string;
  blocks?: Json[];
  replies: Omit<StaffMessage, 'replies'>[];
}

/**
 * The Slack side of the console: the sandbox staff member's slash commands, button presses, thread
 * replies and modal submissions become requests signed with the sandbox signing secret and POSTed to
 * the bot's own /slack/events; what the bot posted is read back from the fake Slack.
 */
export class StaffPane {
  private readonly submitted = new Set<string>();
  /** The answers only the staff member sees: an ack body, or a response_url to read from the fake. */
  private readonly answers: ({ body: Json } | { responseUrlId: string })[] = [];

  constructor(
    private readonly context: AppContext,
    private readonly slack: SlackSandbox,
    private readonly botUrl: () => string,
  ) {}

  private get staff(): SlackActor {
    return { userId: this.slack.staffUserId, teamId: this.slack.fake.teamId, userName: 'tencho' };
  }

  private client(): SlackRequestClient {
    return new SlackRequestClient(this.botUrl(), this.slack.signingSecret, this.slack.fake, () =>
      this.context.clock.now(),
    );
  }

  private async settle(): Promise<void> {
    await this.context.slack.idle();
    await this.context.inbox.worker.drain();
    await this.context.slack.idle();
  }

  /** Types a slash command in the staff channel; its answers arrive on the response_url. */
  async command(command: string, text: string): Promise<void> {
    const result = await this.client().command(this.staff, command, text, this.slack.staffChannel);
    const ack = typeof result.ack === 'string' ? { text: result.ack } : result.ack;
    if (ack.text || ack.blocks) keepLatest(this.answers, { body: ack }, consoleLimits.answers);
    if (result.responseUrlId) {
      keepLatest(this.answers, { responseUrlId: result.responseUrlId }, consoleLimits.answers);
    }
    await this.settle();
  }

  /** Presses a button in a channel message (or in an answer only the staff member sees). */
  async press(
    action: { actionId: string; value?: string; blockId?: string },
    messageTs: string,
    ephemeral = false,
  ): Promise<void> {
    const result = await this.client().blockAction(this.staff, action, {
      channel: this.slack.staffChannel,
      messageTs,
      ephemeral,
    });
    if (result.responseUrlId) {
      keepLatest(this.answers, { responseUrlId: result.responseUrlId }, consoleLimits.answers);
    }
    await this.settle();
  }

  /** Replies in a thread of the staff channel. */
  async reply(threadTs: string, text: string): Promise<void> {
    await this.client().threadReply(this.staff, this.slack.staffChannel, threadTs, text);
    await this.settle();
  }

  /** Submits the open modal with the typed values (block id → action id → text). */
  async submit(viewId: string, values: Record<string, Record<string, string>>): Promise<void> {
    this.markClosed(viewId);
    await this.client().viewSubmission(this.staff, { viewId }, values);
    await this.settle();
  }

  /** Closes the open modal without submitting it. */
  close(viewId: string): void {
    this.markClosed(viewId);
  }

  private markClosed(viewId: string): void {
    this.submitted.add(viewId);
    dropOldest(this.submitted, sandboxLimits.records); // as many as the simulator keeps views
  }

  /** The staff channel with its threads, the answers only the staff member sees, and an open modal. */
  view(): { channel: string; messages: StaffMessage[]; answers: Json[]; modal?: { id: string; view: Json } } {
    const { fake, staffChannel } = this.slack;
    const shown = (m: { ts: string; user: string; text?: string; blocks?: Json[] }) => ({
      ts: m.ts,
      user: fake.users.get(m.user)?.realName ?? (m.user === fake.botUserId ? 'Joren' : m.user),
      text: m.text ?? '',
      ...(m.blocks ? { blocks: m.blocks } : {}),
    });
    const messages = fake.channelMessages(staffChannel).map((m) => ({
      ...shown(m),
      replies: fake
        .threadReplies(staffChannel, m.ts)
        .filter((r) => r.ts !== m.ts)
        .map(shown),
    }));
    const answers = this.answers
      .flatMap((a) => ('body' in a ? [a.body] : fake.responsesTo(a.responseUrlId)))
      .slice(-6);
    const modal = fake
      .modalsFor(this.slack.staffUserId)
      .filter((v) => !this.submitted.has(v.id))
      .at(-1);
    return {
      channel: fake.channels.get(staffChannel)?.name ?? staffChannel,
      messages,
      answers,
      ...(modal ? { modal: { id: modal.id, view: modal.view } } : {}),
    };
  }
}
