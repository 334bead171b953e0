import { z } from 'zod';
import { kit } from '../blocks/kit.js';
import { staffText } from '../text/index.js';
import { normalizeArgument } from './arguments.js';
import { defineCommand } from './command.js';
import { runVoiceCommand, voiceArgs } from '../voice/voice-commands.js';

const help = z.enum(['', 'help', '?', 'ヘルプ', '使い方']).transform(() => ({ action: 'help' as const }));
const language = z
  .string()
  .regex(/^(language|lang|言語) (ja|en|japanese|english|日本語|英語)$/)
  .transform((text) => ({
    action: 'language' as const,
    language: /(en|english|英語)$/.test(text) ? ('en' as const) : ('ja' as const),
  }));

/**
 * `/joren help` (one screen of usage; Slack keeps /help for itself), `/joren language ja|en`, and the
 * shop's voice: `/joren templates [group]`, `/joren newsletter [YYYY-MM]`, `/joren seasons`.
 */
export const jorenCommand = defineCommand({
  name: '/joren',
  args: z
    .string()
    .transform((text) => normalizeArgument(text).toLowerCase())
    .pipe(z.union([help, language, voiceArgs])),
  usage: (t) => t.usageJoren,
  async run(args, call) {
    if (args.action === 'templates' || args.action === 'newsletter' || args.action === 'seasons') {
      return runVoiceCommand(args, call);
    }
    if (args.action === 'language') {
      await call.slack.staff.setLanguage(call.member, args.language);
      const t = staffText(args.language);
      return { text: t.languageSet };
    }
    return { text: call.t.help, blocks: [kit.section(call.t.help)] };
  },
});
