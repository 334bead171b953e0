import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs through pino. Secrets never reach a log line: the fields below are censored wherever they
 * appear, customer message texts are only ever logged at debug level, and errors are written by
 * `errorForLog`, which keeps out the values libraries quote in their messages.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'joren' },
      serializers: { err: errorForLog, error: errorForLog },
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

/** What a log line says about an error. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  context?: unknown;
  /** A validation error's fields and what failed (maxlength, required…), without their values. */
  fields?: { path: string; kind: string }[];
  stack?: string;
  cause?: LoggedError;
}

/** Errors whose message quotes the value that failed (a customer's words in a too-long field). */
const VALUE_QUOTING = new Set(['ValidationError', 'ValidatorError', 'CastError', 'StrictModeError']);

/**
 * An error as it may be logged: name, code, message and stack, and the chain of causes. A mongoose
 * validation or cast error's message and stack quote the offending value ("Path `words` (`…`) is
 * longer than…"), so for those only the paths and kinds are kept; a duplicate-key error's `keyValue`
 * and other enumerable fields are left out.
 */
export function errorForLog(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null || !('message' in error)) return error;
  const e = error as Error & {
    code?: unknown;
    context?: unknown;
    errors?: Record<string, { path?: unknown; kind?: unknown }>;
    path?: unknown;
    kind?: unknown;
  };
  const type = typeof e.name === 'string' ? e.name : 'Error';
  const quotes = VALUE_QUOTING.has(type);
  const fields = quotes ? fieldsOf(e) : undefined;
  const message = quotes
    ? `failed: ${fields!.map((field) => `${field.path} (${field.kind})`).join(', ')}`
    : String(e.message);
  const logged: LoggedError = { type, message };
  if (typeof e.code === 'string' || typeof e.code === 'number') logged.code = e.code;
  if (e.context !== undefined && type === 'JorenError') logged.context = e.context;
  if (fields) logged.fields = fields;
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message; keep only the frames.
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    logged.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  if (e.cause !== undefined && depth < 5) {
    const cause = errorForLog(e.cause, depth + 1);
    if (typeof cause === 'object' && cause !== null) logged.cause = cause as LoggedError;
  }
  return logged;
}

function fieldsOf(e: {
  errors?: Record<string, { path?: unknown; kind?: unknown }>;
  path?: unknown;
  kind?: unknown;
}): { path: string; kind: string }[] {
  const entries = e.errors ? Object.values(e.errors) : [e];
  const word = (value: unknown) => (typeof value === 'string' ? value : '?');
  return entries.map((entry) => ({ path: word(entry.path), kind: word(entry.kind) }));
}
