import { randomBytes } from 'node:crypto';
import { FakeSlackApi } from './slack-api/fake-slack-api.js';
import type { Clock } from '../clock.js';
import { sandboxLimits } from './limits.js';

/** Slack settings for the bot, and the local fake Slack it talks to in sandbox mode. */
export interface SlackSandbox {
  signingSecret: string;
  botToken: string;
  apiUrl: string;
  staffChannel: string;
  /** A made-up staff member, for the sandbox console to act as. */
  staffUserId: string;
  fake: FakeSlackApi;
}

/**
 * Starts the built-in Slack Web API simulator on a loopback port, with a staff channel, a staff
 * member and credentials made up for this run, so the real Slack code runs end to end without a
 * Slack workspace. It keeps the latest of what it records only (sandboxLimits).
 */
export async function startSlackSandbox(clock: Clock): Promise<SlackSandbox> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-sandbox-${randomBytes(24).toString('base64url')}`;
  const fake = await FakeSlackApi.start({
    botToken,
    teamId: 'T0SANDBOX',
    teamName: 'Joren Sandbox',
    now: () => clock.now(),
    limits: sandboxLimits,
  });
  const staffChannel = fake.addChannel({ id: 'C0STAFFDESK', name: 'joren-staff', isPrivate: true });
  const staffUserId = fake.addUser({
    id: 'U0SANDBOXSTAFF',
    name: 'tencho',
    realName: '店長（サンドボックス）',
  });
  return { signingSecret, botToken, apiUrl: fake.apiUrl, staffChannel, staffUserId, fake };
}
