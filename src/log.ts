import { pino, type Logger } from 'pino';
import { safeError } from './log-errors.js';

export type { Logger } from 'pino';

/** Fields that hold a customer's words, name or birthday: censored at any level, should one slip in. */
const PERSONAL_FIELDS = ['text', 'displayName', 'callName', 'birthday', 'comment', 'words', 'replyText'];

/**
 * JSON logs through pino. Secrets and personal data never reach a log line at any level: the fields
 * below are censored wherever they appear, and errors keep their type, codes and stack frames but not
 * their message (see log-errors.ts: validation errors quote the value they refused).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'joren' },
      serializers: { err: safeError, error: safeError },
      redact: {
        paths: [
          'channelSecret',
          'channelAccessToken',
          'signingSecret',
          'botToken',
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'req.headers["x-line-signature"]',
          'req.headers["x-slack-signature"]',
          ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
