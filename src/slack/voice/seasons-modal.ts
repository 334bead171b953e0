import type { App, ViewSubmitAction, types } from '@slack/bolt';
import { seasonIds } from '../../retention/seasons.js';
import { calendarFrom, parseCalendarForm, windowLine } from '../../voice/season-calendar.js';
import { kit, type Block } from '../blocks/kit.js';
import { errorCodeOf } from '../interactions.js';
import type { SlackDeps, StaffServices } from '../slack-deps.js';
import { voiceText, voiceTextFor, type VoiceText } from '../text/voice-text.js';
import { memberOf, typedIn, valuesOf } from './view-state.js';

export const SEASONS_VIEW = 'voice:seasons';
const block = (id: string) => `ss_${id}`;
const action = (id: string) => `ss:${id}`;

/** The greeting calendar as a modal: one line per greeting, `MM-DD..MM-DD` or `off`. */
export async function seasonsView(services: StaffServices, vt: VoiceText): Promise<types.ModalView> {
  const { texts, defaultSeasons } = services.voice;
  const calendar = calendarFrom((await texts.stored())?.seasons, defaultSeasons);
  const blocks: Block[] = [
    kit.section(vt.seasonsIntro),
    ...seasonIds.map((id): Block => ({
      type: 'input',
      block_id: block(id),
      label: kit.plain(vt.seasonNames[id] ?? id, 2_000),
      element: {
        type: 'plain_text_input',
        action_id: action(id),
        max_length: 30,
        initial_value: windowLine(calendar, id),
      },
    })),
  ];
  return {
    type: 'modal',
    callback_id: SEASONS_VIEW,
    title: kit.plain(vt.seasonsTitle, 24),
    submit: kit.plain(vt.seasonsSave, 24),
    close: kit.plain(vt.modalClose, 24),
    blocks,
  };
}

/** The calendar's submission: refused line by line when a window is malformed or overlaps another. */
export function registerSeasonsActions(bolt: App, deps: SlackDeps): void {
  bolt.view<ViewSubmitAction>(SEASONS_VIEW, async ({ ack, body, view }) => {
    const member = memberOf(body);
    const vt = voiceText(await deps.slack.staff.languageOf(member));
    const values = valuesOf(view);
    const parsed = parseCalendarForm(
      Object.fromEntries(seasonIds.map((id) => [id, typedIn(values, block(id), action(id)) ?? ''])),
    );
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const problem of parsed.problems) {
        errors[block(problem.id)] =
          problem.code === 'overlap'
            ? vt.seasonsOverlap({ other: vt.seasonNames[problem.with] ?? problem.with })
            : problem.code === 'format'
              ? vt.seasonsFormat
              : vt.seasonsOrder;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    try {
      const name = await deps.slack.staff.nameOf(member.userId);
      await deps.services.voice.texts.saveSeasons(parsed.seasons, { id: member.userId, name });
      const channel = voiceTextFor(deps.slack.channelText);
      await deps.slack.web.chat.postMessage({
        channel: deps.slack.staffChannel,
        text: channel.seasonsSaved({ user: member.userId }),
      });
    } catch (error) {
      deps.services.log.error({ code: errorCodeOf(error) }, 'greeting calendar not saved');
    }
  });
}
