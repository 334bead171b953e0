import type { Logger } from '../../log.js';
import { slackErrorCode, type SlackWebClient } from '../web-client.js';

/**
 * Uploads a file to the staff channel with Slack's external upload flow (as the /stats chart):
 * the check-in QR, a link-code QR, the postcard CSV. False (and logged with Slack's code) when Slack
 * did not take it.
 */
export async function uploadToStaffChannel(
  deps: { web: SlackWebClient; channel: string; log: Logger },
  file: { bytes: Buffer; filename: string; title: string; comment: string },
): Promise<boolean> {
  try {
    await deps.web.filesUploadV2({
      channel_id: deps.channel,
      file: file.bytes,
      filename: file.filename,
      title: file.title,
      initial_comment: file.comment,
    });
    return true;
  } catch (error) {
    deps.log.warn(
      { file: file.filename.split('.').pop(), slackError: slackErrorCode(error) },
      'file not uploaded to Slack',
    );
    return false;
  }
}
