import { z } from 'zod';
import { kit } from '../blocks/kit.js';
import { sendCheckInQr } from '../reach/check-in-slack.js';
import { runPostcardsCommand } from '../reach/postcards-slack.js';
import { parseTagArguments, runTagCommand, type TagArguments } from '../reach/tags-slack.js';
import { staffText } from '../text/index.js';
import { dataTextFor, reachTextFor } from '../text/ops-text.js';
import { isExposed, staffChannelExposure } from '../staff-channel.js';
import { customerQuery, normalizeArgument } from './arguments.js';
import type { CustomerQuery } from '../../customers/customer-lookup.js';
import { SHOW_CUSTOMER } from '../blocks/customer-card.js';
import { findOneCustomer } from './find-customer.js';
import { sendCustomerData } from '../customers/disclosure-slack.js';
import type { SlackMessage } from '../blocks/kit.js';
import { defineCommand, type CommandCall } from './command.js';
import { runVoiceCommand, voiceArgs, type VoiceArgs } from '../voice/voice-commands.js';

const help = z.enum(['', 'help', '?', 'ヘルプ', '使い方']).transform(() => ({ action: 'help' as const }));
const language = z
  .string()
  .regex(/^(language|lang|言語) (ja|en|japanese|english|日本語|英語)$/)
  .transform((text) => ({
    action: 'language' as const,
    language: /(en|english|英語)$/.test(text) ? ('en' as const) : ('ja' as const),
  }));
const checkIn = z
  .enum(['checkin', 'check-in', 'チェックイン', '来店qr'])
  .transform(() => ({ action: 'checkin' as const }));
const postcards = z
  .enum(['postcards', 'postcard', '宛名', 'はがき'])
  .transform(() => ({ action: 'postcards' as const }));

type JorenArgs =
  | { action: 'help' | 'checkin' | 'postcards' }
  | { action: 'export'; customer: CustomerQuery }
  | { action: 'language'; language: 'ja' | 'en' }
  | { action: 'tag'; tag: TagArguments }
  | VoiceArgs;

/** `tag <customer> +tag -tag`: the tags keep their case (only the keyword is compared in lower case). */
const tag = z.string().transform((text, ctx): JorenArgs => {
  const match = /^(tag|tags|タグ)\s+(.+)$/i.exec(normalizeArgument(text));
  const parsed = match ? parseTagArguments(match[2]!) : undefined;
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'not a tag change' });
    return z.NEVER;
  }
  return { action: 'tag', tag: parsed };
});

/** `export <customer>`: a disclosure request — everything Joren holds about them, to the caller's DM. */
const exportData = z.string().transform((text, ctx): JorenArgs => {
  const match = /^(export|書き出し|開示)\s+(.+)$/i.exec(normalizeArgument(text));
  const customer = match ? customerQuery.safeParse(match[2]!) : undefined;
  if (!customer?.success) {
    ctx.addIssue({ code: 'custom', message: 'not an export' });
    return z.NEVER;
  }
  return { action: 'export', customer: customer.data };
});

/**
 * `/joren help` (one screen of usage; Slack keeps /help for itself), `/joren language ja|en`; the
 * shop's voice: `/joren templates [group]`, `/joren newsletter [YYYY-MM]`, `/joren seasons`; and the
 * visits-and-reach tools: `/joren checkin` (today's counter QR), `/joren tag <customer> +a -b` and
 * `/joren postcards` (the address CSV).
 */
export const jorenCommand = defineCommand({
  name: '/joren',
  args: z.union([
    z
      .string()
      .transform((text) => normalizeArgument(text).toLowerCase())
      .pipe(z.union([help, language, checkIn, postcards, voiceArgs])),
    tag,
    exportData,
  ]),
  usage: (t) =>
    [t.usageJoren, reachTextFor(t).usageTag, reachTextFor(t).usagePostcards, dataTextFor(t).usageExport].join(
      '\n',
    ),
  async run(args, call) {
    switch (args.action) {
      case 'templates':
      case 'newsletter':
      case 'seasons':
        return runVoiceCommand(args, call);
      case 'language': {
        await call.slack.staff.setLanguage(call.member, args.language);
        return { text: staffText(args.language).languageSet };
      }
      case 'checkin':
        return sendCheckInQr(call, { t: call.t, userId: call.member.userId });
      case 'tag':
        return runTagCommand(args.tag, call);
      case 'postcards':
        return runPostcardsCommand(call);
      case 'export':
        return runExportCommand(args.customer, call);
      case 'help': {
        const warning = await exposedChannelWarning(call);
        const blocks = [...(warning ? [kit.section(warning)] : []), kit.section(call.t.help)];
        return { text: warning ? `${warning}\n${call.t.help}` : call.t.help, blocks };
      }
    }
  },
});

/** /joren help leads with a warning when people other than staff can read the staff channel. */
async function exposedChannelWarning(call: CommandCall): Promise<string | undefined> {
  const exposure = await staffChannelExposure({
    web: call.slack.web,
    staffChannel: call.slack.staffChannel,
    log: call.services.log,
  });
  if (!exposure || !isExposed(exposure)) return undefined;
  const d = dataTextFor(call.t);
  const why = [
    exposure.public ? d.exposedPublic : undefined,
    exposure.shared ? d.exposedShared : undefined,
    exposure.externallyShared ? d.exposedExternal : undefined,
  ].filter((reason) => reason !== undefined);
  return d.channelExposed({ why });
}

/** `/joren export <customer>`: one customer, or the pick list when several match. */
async function runExportCommand(query: CustomerQuery, call: CommandCall): Promise<SlackMessage> {
  const found = await findOneCustomer(call, query, SHOW_CUSTOMER);
  if ('answer' in found) return found.answer;
  return {
    text: await sendCustomerData(call, { member: call.member, t: call.t, customerId: found.customer._id }),
  };
}
