import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs through pino. Secrets never reach a log line: the fields below are censored wherever they
 * appear, and customer message texts are only ever logged at debug level.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'joren' },
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
          'text',
          '*.text',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
