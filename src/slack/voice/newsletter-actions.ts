import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { EditionProblem } from '../../newsletter/editions.js';
import { errorCodeOf } from '../interactions.js';
import type { SlackDeps } from '../slack-deps.js';
import { voiceText, voiceTextFor } from '../text/voice-text.js';
import { slackErrorCode } from '../web-client.js';
import {
  FIELD,
  NEWSLETTER_PREVIEW,
  NEWSLETTER_VIEW,
  newsletterMetadata,
  newsletterView,
  type NewsletterForm,
} from './newsletter-modal.js';
import { chosenIn, memberOf, metadataOf, typedIn, valuesOf } from './view-state.js';

type Values = ReturnType<typeof valuesOf>;

function formOf(values: Values): NewsletterForm {
  return {
    text: typedIn(values, FIELD.text.block, FIELD.text.action) ?? '',
    imageUrl: typedIn(values, FIELD.image.block, FIELD.image.action) ?? '',
    imageStyle: chosenIn(values, FIELD.style.block, FIELD.style.action) === 'flex' ? 'flex' : 'image',
  };
}

const FIELD_OF: Record<EditionProblem, string> = {
  month: FIELD.text.block,
  'past-month': FIELD.text.block,
  text: FIELD.text.block,
  'image-url': FIELD.image.block,
};

/**
 * The newsletter modal's preview button and its submission: checked by NewsletterEditions (refused in
 * the modal, field by field), stored as the month's edition, and told to the staff channel.
 */
export function registerNewsletterActions(bolt: App, deps: SlackDeps): void {
  bolt.action<BlockAction>({ action_id: NEWSLETTER_PREVIEW }, async ({ ack, body }) => {
    await ack();
    const view = body.view;
    const meta = newsletterMetadata.safeParse(metadataOf(view));
    if (!view || !meta.success) return;
    const vt = voiceText(await deps.slack.staff.languageOf(memberOf(body)));
    try {
      await deps.slack.web.views.update({
        view_id: view.id,
        view: await newsletterView({
          services: deps.services,
          vt,
          month: meta.data.month,
          form: formOf(valuesOf(view)),
          preview: true,
        }),
      });
    } catch (error) {
      deps.services.log.error(
        { code: errorCodeOf(error), slackError: slackErrorCode(error) },
        'newsletter preview not shown',
      );
    }
  });

  bolt.view<ViewSubmitAction>(NEWSLETTER_VIEW, async ({ ack, body, view }) => {
    const member = memberOf(body);
    const vt = voiceText(await deps.slack.staff.languageOf(member));
    const meta = newsletterMetadata.safeParse(metadataOf(view));
    const form = formOf(valuesOf(view));
    const input = { month: meta.success ? meta.data.month : '', ...form };
    const checked = deps.services.voice.editions.check(input);
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const problem of checked.problems)
        errors[FIELD_OF[problem]] ??= vt.newsletterProblems[problem] ?? problem;
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    try {
      const name = await deps.slack.staff.nameOf(member.userId);
      const scheduled = await deps.services.voice.editions.schedule(input, { id: member.userId, name });
      if (!scheduled.ok) return;
      deps.services.log.info(
        { edition: scheduled.edition._id, by: member.userId },
        'newsletter edition scheduled',
      );
      const channel = voiceTextFor(deps.slack.channelText);
      const [year, month] = scheduled.edition._id.split('-').map(Number) as [number, number];
      await deps.slack.web.chat.postMessage({
        channel: deps.slack.staffChannel,
        text: channel.newsletterScheduled({ user: member.userId, month: channel.monthName({ year, month }) }),
      });
    } catch (error) {
      deps.services.log.error({ code: errorCodeOf(error) }, 'newsletter edition not scheduled');
    }
  });
}
