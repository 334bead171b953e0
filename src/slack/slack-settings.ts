import type { Clock } from '../clock.js';
import type { SlackConfig } from '../config.js';
import type { Logger } from '../log.js';
import { startSlackSandbox, type SlackSandbox } from '../sandbox/slack-sandbox.js';

/** How Joren reaches Slack: the app's credentials, or the sandbox's. */
export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  apiUrl: string;
  staffChannel: string;
  sandbox: SlackSandbox | undefined;
}

/**
 * The Slack app from the configuration; without credentials, the built-in Slack simulator (logged
 * loudly, as the LINE sandbox is). `cleanups` gets what has to be stopped.
 */
export async function resolveSlackSettings(
  config: SlackConfig,
  clock: Clock,
  log: Logger,
  cleanups: (() => Promise<void>)[],
): Promise<SlackSettings> {
  if (config.mode === 'live') {
    return {
      signingSecret: config.signingSecret,
      botToken: config.botToken,
      apiUrl: config.apiUrl,
      staffChannel: config.staffChannel,
      sandbox: undefined,
    };
  }
  const sandbox = await startSlackSandbox(clock);
  cleanups.push(() => sandbox.fake.stop());
  log.warn(
    { slackApi: sandbox.apiUrl, staffChannel: sandbox.staffChannel },
    'SANDBOX MODE: no Slack credentials, so Joren talks to its built-in Slack simulator. Set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_STAFF_CHANNEL to connect a real Slack app.',
  );
  return { ...sandbox, sandbox };
}
