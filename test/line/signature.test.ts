import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { lineSignature, lineSignatureMatches } from '../../src/line/signature.js';

describe('X-Line-Signature', () => {
  const secret = 'channel-secret';
  const body = Buffer.from('{"destination":"U1","events":[]}');

  it('is the base64 HMAC-SHA256 of the raw body', () => {
    expect(lineSignature(body, secret)).toBe(createHmac('sha256', secret).update(body).digest('base64'));
  });

  it('matches only the exact body and secret', () => {
    const signature = lineSignature(body, secret);
    expect(lineSignatureMatches(body, signature, secret)).toBe(true);
    expect(lineSignatureMatches(Buffer.from(`${body.toString()} `), signature, secret)).toBe(false);
    expect(lineSignatureMatches(body, signature, 'other-secret')).toBe(false);
  });

  it('refuses missing, truncated and non-base64 signatures without throwing', () => {
    const signature = lineSignature(body, secret);
    expect(lineSignatureMatches(body, undefined, secret)).toBe(false);
    expect(lineSignatureMatches(body, '', secret)).toBe(false);
    expect(lineSignatureMatches(body, signature.slice(0, 20), secret)).toBe(false);
    expect(lineSignatureMatches(body, '!!!not base64!!!', secret)).toBe(false);
  });
});
