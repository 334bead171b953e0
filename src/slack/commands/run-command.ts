import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StaffLanguage } from '../../config.js';
import type { SlackMessage } from '../blocks/kit.js';
import { errorCodeOf } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import { staffText } from '../text/index.js';
import { normalizeArgument } from './arguments.js';
import { commandsByName } from './registry.js';

export interface CommandTiming {
  /**
   * How long a command may work before its ack goes out: an answer ready by then is the ack itself,
   * a slower one follows through the response_url. Slack waits three seconds for the ack; 1.5 s (from
   * the handler's start, the language lookup included) leave room for a queue and the network. 0:
   * always answer through the response_url.
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
  // The budget counts from here: the language lookup is part of it, so a slow database under load
  // cannot push the ack past Slack's deadline.
  const ackBy = Date.now() + timing.ackBudgetMs;
  const member = { teamId: body.team_id, userId: body.user_id };
  const language = await languageWithin(deps, member, timing.ackBudgetMs);
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
  const work: Promise<Outcome> = Promise.resolve()
    .then(() => command.run(parsed.data, call))
    .then(
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

  const left = ackBy - Date.now();
  const early = timing.ackBudgetMs > 0 && left > 0 ? await Promise.race([work, budget(left)]) : undefined;
  if (early) {
    await ack(ephemeral(answer(early)));
    return;
  }
  await ack(ephemeral({ text: t.working }));
  await respond({ ...ephemeral(answer(await work)), replace_original: true });
}

/**
 * The staff member's language, or the shop's default when the lookup fails or takes more than half
 * the ack budget (the answer then comes in the default language rather than late).
 */
async function languageWithin(
  deps: SlackDeps,
  member: { teamId: string; userId: string },
  ackBudgetMs: number,
): Promise<StaffLanguage> {
  const fallback = deps.slack.staff.defaultLanguage;
  const lookup = deps.slack.staff.languageOf(member).catch(() => fallback);
  if (ackBudgetMs <= 0) return lookup;
  return (await Promise.race([lookup, budget(ackBudgetMs / 2)])) ?? fallback;
}

/** Resolves with undefined after `ms`, without keeping the process alive. */
function budget(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
