import { randomBytes } from 'node:crypto';
import { FakeLineApi } from './line-api/fake-line-api.js';
import type { Clock } from '../clock.js';
import { sandboxLimits, type SimulatorLimits } from './limits.js';

/** LINE settings for the bot, and the local fake it talks to in sandbox mode. */
export interface LineSandbox {
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl: string;
  fake: FakeLineApi;
}

/**
 * Starts the built-in LINE Messaging API simulator on a loopback port, with credentials made up for
 * this run, so the real bot code runs end to end without a LINE channel. It keeps the latest of what
 * it records only (`limits`), so a sandbox left running does not grow without end.
 */
export async function startLineSandbox(
  clock: Clock,
  limits: SimulatorLimits = sandboxLimits,
): Promise<LineSandbox> {
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = `sandbox-${randomBytes(24).toString('base64url')}`;
  const fake = await FakeLineApi.start({ channelAccessToken, now: () => clock.now(), limits });
  return { channelSecret, channelAccessToken, apiBaseUrl: fake.url, fake };
}
