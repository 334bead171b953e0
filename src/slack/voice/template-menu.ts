import { z } from 'zod';
import { catalogue, defaultText, templateGroups, type TemplateGroup } from '../../templates/catalogue.js';
import { kit, type Block, type SlackMessage } from '../blocks/kit.js';
import type { ButtonHandler } from '../interactions.js';
import { clip, escapeMrkdwn } from '../mrkdwn.js';
import type { VoiceServices } from '../../voice/voice-services.js';
import { voiceTextFor, type VoiceText } from '../text/voice-text.js';
import { openTemplateModal } from './template-modal.js';

/** Action ids: a group's list (`voice:group:<group>`), back to the groups, edit a text (`voice:edit:<id>`). */
const GROUP = 'voice:group';
const MENU = 'voice:menu';
const EDIT = 'voice:edit';

const groupValue = z.enum(templateGroups);

/** `/joren templates`: the groups of texts, a button each. */
export function templatesMenu(vt: VoiceText): SlackMessage {
  return {
    text: vt.templatesIntro,
    blocks: [
      kit.section(vt.templatesIntro),
      kit.actions('voice_groups', ...templateGroups.map((g) => kit.button(vt.groups[g], `${GROUP}:${g}`, g))),
    ],
  };
}

/** A group's texts: each as it reads now (the shop's version or the default) with an edit button. */
export async function groupList(
  vt: VoiceText,
  voice: VoiceServices,
  group: TemplateGroup,
): Promise<SlackMessage> {
  const versions = (await voice.texts.stored())?.versions ?? {};
  const blocks: Block[] = [kit.section(vt.templatesGroup({ group: vt.groups[group] }))];
  for (const entry of catalogue.filter((e) => e.group === group)) {
    const own = versions[entry.id];
    const text = own?.text ?? defaultText(entry);
    const mark = own ? vt.customized : vt.asDefault;
    const line = escapeMrkdwn(clip(text.replace(/\s+/g, ' '), 120));
    blocks.push(kit.section(`${mark} · ${line}`, kit.button(vt.editButton, `${EDIT}:${entry.id}`, entry.id)));
  }
  blocks.push(kit.actions('voice_back', kit.button(vt.backButton, MENU, 'menu')));
  return { text: vt.templatesGroup({ group: vt.groups[group] }), blocks };
}

/** The buttons of the texts' menu and lists. */
export const templateButtons: ButtonHandler[] = [
  {
    actionId: new RegExp(`^${GROUP}:`),
    async run(press) {
      const vt = voiceTextFor(press.t);
      const group = groupValue.safeParse(press.value);
      await press.reply(
        group.success ? await groupList(vt, press.services.voice, group.data) : templatesMenu(vt),
      );
    },
  },
  {
    actionId: MENU,
    async run(press) {
      await press.reply(templatesMenu(voiceTextFor(press.t)));
    },
  },
  {
    actionId: new RegExp(`^${EDIT}:`),
    async run(press) {
      await openTemplateModal(press, press.value);
    },
  },
];
