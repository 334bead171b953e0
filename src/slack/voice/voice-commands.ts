import { z } from 'zod';
import { templateGroups } from '../../templates/catalogue.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { CommandCall } from '../commands/command.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { voiceTextFor } from '../text/voice-text.js';
import { defaultMonth, newsletterView } from './newsletter-modal.js';
import { seasonsView } from './seasons-modal.js';
import { groupList, templatesMenu } from './template-menu.js';

const templates = z
  .string()
  .regex(/^(templates|template|文面|テンプレート)( \S+)?$/)
  .transform((text) => ({ action: 'templates' as const, group: text.split(' ')[1] }));
const newsletter = z
  .string()
  .regex(/^(newsletter|news|お知らせ|ニュースレター)( \d{4}-(0[1-9]|1[0-2]))?$/)
  .transform((text) => ({ action: 'newsletter' as const, month: text.split(' ')[1] }));
const seasons = z
  .string()
  .regex(/^(seasons|season|季節|暦)$/)
  .transform(() => ({ action: 'seasons' as const }));

/** `/joren templates [group]`, `/joren newsletter [YYYY-MM]`, `/joren seasons` (the text as normalised). */
export const voiceArgs = z.union([templates, newsletter, seasons]);
export type VoiceArgs = z.output<typeof voiceArgs>;

/**
 * The shop's voice from Slack: the texts customers read (a menu by group, then a modal per text), the
 * month's newsletter (a modal) and the greeting calendar (a modal). Modals open at once: Slack's
 * trigger id lasts three seconds.
 */
export async function runVoiceCommand(args: VoiceArgs, call: CommandCall): Promise<SlackMessage> {
  const vt = voiceTextFor(call.t);
  const { services, slack } = call;
  switch (args.action) {
    case 'templates': {
      if (args.group === undefined) return templatesMenu(vt);
      const group = z.enum(templateGroups).safeParse(args.group);
      if (group.success) return groupList(vt, services.voice, group.data);
      const menu = templatesMenu(vt);
      const unknown = vt.templatesUnknownGroup({ typed: escapeMrkdwn(args.group) });
      return { ...menu, text: `${unknown}\n${menu.text}` };
    }
    case 'newsletter': {
      const month = args.month ?? (await defaultMonth(services));
      await slack.web.views.open({
        trigger_id: call.triggerId,
        view: await newsletterView({ services, vt, month, preview: false }),
      });
      return { text: vt.newsletterOpened };
    }
    case 'seasons':
      await slack.web.views.open({ trigger_id: call.triggerId, view: await seasonsView(services, vt) });
      return { text: vt.seasonsOpened };
  }
}
