/**
 * Joren's errors: one class with a stable code and context (no secrets, no message texts), and one
 * place that maps each code to an HTTP status.
 */
export const ErrorCode = {
  ConfigInvalid: 'CONFIG_INVALID',
  ConfigIncomplete: 'CONFIG_INCOMPLETE',
  SignatureMissing: 'SIGNATURE_MISSING',
  SignatureInvalid: 'SIGNATURE_INVALID',
  BodyMalformed: 'BODY_MALFORMED',
  BodyTooLarge: 'BODY_TOO_LARGE',
  BodyNotJson: 'BODY_NOT_JSON',
  InboxUnavailable: 'INBOX_UNAVAILABLE',
  LineApiRejected: 'LINE_API_REJECTED',
  LineApiUnavailable: 'LINE_API_UNAVAILABLE',
  LineRecipientUnreachable: 'LINE_RECIPIENT_UNREACHABLE',
  LineQuotaExhausted: 'LINE_QUOTA_EXHAUSTED',
  EmbeddedDatabaseFailed: 'EMBEDDED_DATABASE_FAILED',
  EventHandlerFailed: 'EVENT_HANDLER_FAILED',
  CustomerNotFound: 'CUSTOMER_NOT_FOUND',
  VisitKeyConflict: 'VISIT_KEY_CONFLICT',
  ImportRejected: 'IMPORT_REJECTED',
  LinkRefused: 'LINK_REFUSED',
  RequestStale: 'REQUEST_STALE',
  SandboxHostRefused: 'SANDBOX_HOST_REFUSED',
  SandboxFull: 'SANDBOX_FULL',
  SlackApiFailed: 'SLACK_API_FAILED',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Context values are identifiers and numbers only; never a token or a customer's words. */
export type ErrorContext = Record<string, string | number | boolean | undefined>;

/** An error that carries a code other code can branch on, and context that is safe to log. */
export class JorenError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JorenError';
    this.code = code;
    this.context = context;
  }
}

const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.SignatureMissing]: 401,
  [ErrorCode.SignatureInvalid]: 401,
  [ErrorCode.RequestStale]: 401,
  [ErrorCode.SandboxHostRefused]: 403,
  [ErrorCode.SandboxFull]: 409,
  [ErrorCode.BodyMalformed]: 400,
  [ErrorCode.BodyTooLarge]: 413,
  [ErrorCode.BodyNotJson]: 415,
  [ErrorCode.InboxUnavailable]: 503,
};

/** The HTTP status that answers a request failed with this error (500 for anything unexpected). */
export function httpStatusOf(error: unknown): number {
  if (error instanceof JorenError) return httpStatusByCode[error.code] ?? 500;
  return 500;
}

/** True for a MongoDB duplicate-key error (code 11000): the unique index said "already there". */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
