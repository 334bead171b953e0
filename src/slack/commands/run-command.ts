import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../blocks/kit.js';
import { errorCodeOf } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import { staffText } from '../text/index.js';
import { normalizeArgument } from './arguments.js';
import { commandsByName } from './registry.js';

export interface CommandTiming {
  /**
   * How long a command may work before its ack goes out: an answer ready by then is the ack itself,
   * a slower one follows through the response_url. Slack waits three seconds for the ack; two leave
   * room for the network. 0: always answer through the response_url.
   */
  ackBudgetMs: number;
}

type Outcome = { ok: true; message: SlackMessage } | { ok: false; code: string };

const ephemeral = (message: SlackMessage) => ({ response_type: 'ephemeral' as const, ...message });

/**
 * Runs a slash command: reads the staff member's language, checks the arguments against the
 * command's schema (usage help when they do not fit, never a stack trace), then races the work
 * against the ack budget.
 */
export async function runCommand(
  deps: SlackDeps,
  timing: CommandTiming,
  { command: body, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const member = { teamId: body.team_id, userId: body.user_id };
  const language = await deps.slack.staff.languageOf(member);
  const t = staffText(language);
  const command = commandsByName.get(body.command);
  if (!command) {
    await ack(ephemeral({ text: t.notReady({ command: body.command }) }));
    return;
  }
  const parsed = command.args.safeParse(body.text ?? '');
  if (!parsed.success) {
    await ack(ephemeral({ text: t.usage({ usage: command.usage(t) }) }));
    return;
  }

  const call = {
    ...deps,
    member,
    language,
    t,
    typed: normalizeArgument(body.text ?? ''),
    triggerId: body.trigger_id,
  };
  const work: Promise<Outcome> = command.run(parsed.data, call).then(
    (message) => ({ ok: true as const, message }),
    (error: unknown) => {
      deps.services.log.error(
        { command: command.name, code: errorCodeOf(error), errorName: (error as Error | null)?.name },
        'slash command failed',
      );
      return { ok: false as const, code: errorCodeOf(error) };
    },
  );
  const answer = (outcome: Outcome) =>
    outcome.ok ? outcome.message : { text: t.failed({ code: outcome.code }) };

  const early = timing.ackBudgetMs > 0 ? await Promise.race([work, budget(timing.ackBudgetMs)]) : undefined;
  if (early) {
    await ack(ephemeral(answer(early)));
    return;
  }
  await ack(ephemeral({ text: t.working }));
  await respond({ ...ephemeral(answer(await work)), replace_original: true });
}

/** Resolves with undefined after `ms`, without keeping the process alive. */
function budget(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
