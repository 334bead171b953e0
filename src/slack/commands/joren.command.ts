import { z } from 'zod';
import { kit } from '../blocks/kit.js';
import { staffText } from '../text/index.js';
import { normalizeArgument } from './arguments.js';
import { defineCommand } from './command.js';

const help = z.enum(['', 'help', '?', 'ヘルプ', '使い方']).transform(() => ({ action: 'help' as const }));
const language = z
  .string()
  .regex(/^(language|lang|言語) (ja|en|japanese|english|日本語|英語)$/)
  .transform((text) => ({
    action: 'language' as const,
    language: /(en|english|英語)$/.test(text) ? ('en' as const) : ('ja' as const),
  }));

/** `/joren help` (one screen of usage; Slack keeps /help for itself) and `/joren language ja|en`. */
export const jorenCommand = defineCommand({
  name: '/joren',
  args: z
    .string()
    .transform((text) => normalizeArgument(text).toLowerCase())
    .pipe(z.union([help, language])),
  usage: (t) => t.usageJoren,
  async run(args, call) {
    if (args.action === 'language') {
      await call.slack.staff.setLanguage(call.member, args.language);
      const t = staffText(args.language);
      return { text: t.languageSet };
    }
    return { text: call.t.help, blocks: [kit.section(call.t.help)] };
  },
});
