import { JorenError } from './errors.js';

/** An error as a log line may show it: what failed and where, never the values it was about. */
export interface LoggedError {
  type: string;
  code?: string | number;
  /** Only for a JorenError, whose message and context are written to be safe (src/errors.ts). */
  message?: string;
  context?: Record<string, unknown>;
  /** MongoDB's name for the code (DuplicateKey…); the HTTP status of an API error. */
  codeName?: string;
  status?: number;
  /** Slack's error code of a failed Web API call. */
  apiError?: string;
  /** The paths a validation or cast error was about (mongoose), without their values. */
  paths?: string[];
  /** The stack frames, without the first line (which repeats the message). */
  stack?: string;
  cause?: LoggedError | string;
}

/** A plain string in an error field is kept only when it looks like a code (`ratelimited`, `E_TIMEOUT`). */
const CODE_LIKE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_DEPTH = 3;

/**
 * The pino serializer of `err` and `error`: mongoose ValidationError and CastError messages quote the
 * offending value (a name, a birthday, a message text), MongoDB's E11000 quotes the duplicate key and
 * library errors may quote a response body, so for anything but a JorenError only the type, codes,
 * field paths and stack frames are kept.
 */
export function safeError(value: unknown, depth = 0): LoggedError | string {
  if (typeof value === 'string') return CODE_LIKE.test(value) ? value : '[redacted]';
  if (typeof value !== 'object' || value === null) return { type: typeof value };
  if (depth >= MAX_DEPTH) return { type: 'Error' };
  const error = value as Record<string, unknown>;
  const logged: LoggedError = { type: typeof error.name === 'string' ? error.name : 'Object' };
  if (typeof error.code === 'string' || typeof error.code === 'number') logged.code = error.code;
  if (value instanceof JorenError) {
    logged.message = value.message;
    logged.context = value.context;
  }
  if (typeof error.codeName === 'string') logged.codeName = error.codeName;
  if (typeof error.status === 'number') logged.status = error.status;
  const data = error.data as { error?: unknown } | undefined;
  if (typeof data?.error === 'string' && CODE_LIKE.test(data.error)) logged.apiError = data.error;
  if (typeof error.path === 'string') logged.paths = [error.path];
  if (typeof error.errors === 'object' && error.errors !== null) logged.paths = Object.keys(error.errors);
  if (typeof error.stack === 'string') {
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    if (frames.length > 0) logged.stack = frames.join('\n');
  }
  if (error.cause !== undefined) logged.cause = safeError(error.cause, depth + 1);
  return logged;
}
