import { postcardCsv, postcardRecipients } from '../../customers/postcard-list.js';
import { shopDayOf } from '../../retention/shop-time.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { CommandCall } from '../commands/command.js';
import { reachTextFor } from '../text/ops-text.js';
import { uploadToStaffChannel } from './file-upload.js';

/**
 * `/joren postcards`: the address CSV of customers reachable only by post, uploaded to the staff
 * channel (the answer names no one: only staff who open the file see the addresses).
 */
export async function runPostcardsCommand(call: CommandCall): Promise<SlackMessage> {
  const { services, slack } = call;
  const r = reachTextFor(call.t);
  const recipients = await postcardRecipients(services.models);
  if (recipients.length === 0) return { text: r.postcardsNone };
  const day = shopDayOf(services.clock.now(), services.shop.timezone);
  const posted = await uploadToStaffChannel(
    { web: slack.web, channel: slack.staffChannel, log: services.log },
    {
      bytes: Buffer.from(postcardCsv(recipients), 'utf8'),
      filename: `joren-postcards-${day}.csv`,
      title: r.postcardsTitle({ day: day.replace(/-/g, '/') }),
      comment: r.postcardsTitle({ day: day.replace(/-/g, '/') }),
    },
  );
  return {
    text: posted
      ? r.postcardsPosted({ count: recipients.length, channel: slack.staffChannel })
      : r.postcardsFailed,
  };
}
