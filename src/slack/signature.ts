import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses, and so do we, a request whose timestamp is more than five minutes off. */
const SLACK_TIMESTAMP_WINDOW_S = 5 * 60;

/** X-Slack-Signature for a body: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(
  signingSecret: string,
  timestamp: number | string,
  body: string | Buffer,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

export type SlackSignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * Checks a request as Slack's signing docs describe, with `now` passed in: both headers present, the
 * timestamp within five minutes either way (a replayed request is refused), and the signature equal in
 * constant time.
 */
export function checkSlackSignature(input: {
  signingSecret: string;
  body: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): SlackSignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(timestamp));
  if (skew > SLACK_TIMESTAMP_WINDOW_S) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
