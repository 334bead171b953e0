import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import { catalogueEntry } from '../../templates/catalogue.js';
import { describeProblems } from '../../voice/template-problems.js';
import { errorCodeOf } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import { voiceText, voiceTextFor } from '../text/voice-text.js';
import { slackErrorCode } from '../web-client.js';
import {
  TEMPLATE_PREVIEW,
  TEMPLATE_RESET,
  TEMPLATE_VIEW,
  TEXT_ACTION,
  TEXT_BLOCK,
  templateMetadata,
  templateView,
} from './template-modal.js';
import { blockIdOf, memberOf, metadataOf, typedIn, valuesOf } from './view-state.js';

/**
 * The text modal's buttons and its submission: 「プレビューを更新」 renders the draft for the preview
 * customer, 「既定に戻す」 removes the shop's version (the modal shows the default again), and 保存
 * stores the text through ShopVoice — refused in the modal, with the reason, when it breaks a rule.
 * The staff channel is told who changed which text.
 */
export function registerTemplateActions(bolt: App, deps: SlackDeps): void {
  bolt.action<BlockAction>(
    { action_id: new RegExp(`^(${TEMPLATE_PREVIEW}|${TEMPLATE_RESET})$`) },
    async ({ ack, body, action }) => {
      await ack();
      const view = body.view;
      const meta = templateMetadata.safeParse(metadataOf(view));
      const entry = meta.success ? catalogueEntry(meta.data.id) : undefined;
      if (!view || !meta.success || !entry) return;
      const member = memberOf(body);
      const language = await deps.slack.staff.languageOf(member);
      const vt = voiceText(language);
      try {
        const reset = 'action_id' in action && action.action_id === TEMPLATE_RESET;
        let round = meta.data.round;
        let draft: string | undefined = typedIn(valuesOf(view), TEXT_BLOCK, TEXT_ACTION) ?? undefined;
        if (reset) {
          const name = await deps.slack.staff.nameOf(member.userId);
          await deps.services.voice.texts.reset(entry.id, { id: member.userId, name });
          round += 1;
          draft = undefined;
          const channel = voiceTextFor(deps.slack.channelText);
          await postInChannel(
            deps,
            channel.textReset({ user: member.userId, what: `${channel.groups[entry.group]} · ${entry.id}` }),
          );
        }
        await deps.slack.web.views.update({
          view_id: view.id,
          view: await templateView({
            services: deps.services,
            language,
            vt,
            entry,
            round,
            ...(draft !== undefined ? { draft } : {}),
          }),
        });
      } catch (error) {
        deps.services.log.error(
          { templateId: entry.id, code: errorCodeOf(error), slackError: slackErrorCode(error) },
          'text modal not updated',
        );
      }
    },
  );

  bolt.view<ViewSubmitAction>(TEMPLATE_VIEW, async ({ ack, body, view }) => {
    const member = memberOf(body);
    const language = await deps.slack.staff.languageOf(member);
    const vt = voiceText(language);
    const meta = templateMetadata.safeParse(metadataOf(view));
    const entry = meta.success ? catalogueEntry(meta.data.id) : undefined;
    const values = valuesOf(view);
    const block = blockIdOf(values, TEXT_BLOCK);
    if (!entry) {
      await ack({ response_action: 'errors', errors: { [block]: vt.templatesUnknownGroup({ typed: '?' }) } });
      return;
    }
    const text = typedIn(values, TEXT_BLOCK, TEXT_ACTION) ?? '';
    const problems = deps.services.voice.texts.check(entry, text);
    if (problems.length > 0) {
      await ack({
        response_action: 'errors',
        errors: { [block]: describeProblems(problems, entry.kind)[language] },
      });
      return;
    }
    await ack();
    try {
      const name = await deps.slack.staff.nameOf(member.userId);
      const saved = await deps.services.voice.texts.save(entry.id, text, { id: member.userId, name });
      if (saved.ok) {
        const channel = voiceTextFor(deps.slack.channelText);
        await postInChannel(
          deps,
          channel.textSaved({ user: member.userId, what: `${channel.groups[entry.group]} · ${entry.id}` }),
        );
      }
    } catch (error) {
      deps.services.log.error({ templateId: entry.id, code: errorCodeOf(error) }, 'text not saved');
    }
  });
}

/** Tells the staff channel who changed what (in the channel's language). */
async function postInChannel(deps: SlackDeps, text: string): Promise<void> {
  await deps.slack.web.chat.postMessage({ channel: deps.slack.staffChannel, text });
}
