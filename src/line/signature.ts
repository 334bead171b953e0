import { createHmac, timingSafeEqual } from 'node:crypto';

/** The X-Line-Signature value for a body: base64 of HMAC-SHA256 keyed with the channel secret. */
export function lineSignature(body: Buffer | string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** True when the signature header matches the body, compared in constant time. */
export function lineSignatureMatches(
  body: Buffer,
  signature: string | undefined,
  channelSecret: string,
): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', channelSecret).update(body).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
