import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { LINE_CALL_TIMEOUT_MS, TimedLineHttpClient } from './line-http-client.js';

export type LineApi = messagingApi.MessagingApiClient;
export type LineBlobApi = messagingApi.MessagingApiBlobClient;
export type LineMessage = messagingApi.Message;

/** LINE takes 1 to 5 messages in one reply, push or multicast request. */
export const MESSAGES_PER_REQUEST = 5;

export interface LineApiOptions {
  channelAccessToken: string;
  apiBaseUrl: string;
  /** Each call is aborted after this long (default 10 s). */
  timeoutMs?: number;
}

/** The LINE Messaging API client, pointed at LINE or at a local fake through its base URL. */
export function createLineApi(options: LineApiOptions): LineApi {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.apiBaseUrl,
  });
  return withTimedHttp(client, options);
}

/** The client of LINE's data API (rich menu images), on api-data.line.me or a fake. */
export function createLineBlobApi(options: LineApiOptions): LineBlobApi {
  const client = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.apiBaseUrl,
  });
  return withTimedHttp(client, options);
}

/**
 * The SDK's clients call fetch without a signal and take no timeout, so a LINE that never answers
 * would hold the call forever. Their generated methods go through one `httpClient` field; Joren puts
 * its own there, whose requests are aborted at the deadline (test/line/line-timeouts.test.ts checks
 * the socket closes, so an SDK update that moves the field fails there).
 */
function withTimedHttp<T extends object>(client: T, options: LineApiOptions): T {
  const holder = client as { httpClient?: unknown };
  if (typeof holder.httpClient !== 'object' || holder.httpClient === null) {
    throw new Error('@line/bot-sdk no longer keeps an httpClient field; see src/line/line-api.ts');
  }
  holder.httpClient = new TimedLineHttpClient(
    options.apiBaseUrl,
    options.channelAccessToken,
    options.timeoutMs ?? LINE_CALL_TIMEOUT_MS,
  );
  return client;
}

/** What a failed LINE API call means for the caller. */
export type LineFailure =
  /** status 0: no answer (timeout, connection refused or reset); retryAfterMs: LINE's Retry-After. */
  | { kind: 'retryable'; status: number; detail: string; retryAfterMs?: number }
  | { kind: 'already-accepted'; status: 409; detail: string }
  | { kind: 'invalid-reply-token'; status: 400; detail: string }
  | { kind: 'recipient-unknown'; status: 400; detail: string }
  | { kind: 'quota-exhausted'; status: 429; detail: string }
  | { kind: 'rejected'; status: number; detail: string };

/**
 * Classifies an error from the SDK by LINE's documented answers: 5xx, timeouts and rate-limit 429s
 * are worth retrying; a 409 on a retried request means LINE already accepted it; "Failed to send
 * messages" (400) means the user id no longer exists; the monthly limit 429 will not clear by retrying.
 */
export function classifyLineFailure(error: unknown): LineFailure {
  if (!(error instanceof HTTPFetchError)) {
    return { kind: 'retryable', status: 0, detail: error instanceof Error ? error.message : String(error) };
  }
  const detail = lineErrorMessage(error.body);
  if (error.status === 409) return { kind: 'already-accepted', status: 409, detail };
  if (error.status === 429) {
    if (/monthly limit/i.test(detail)) return { kind: 'quota-exhausted', status: 429, detail };
    const retryAfterMs = retryAfterOf(error.headers.get('retry-after'));
    return {
      kind: 'retryable',
      status: 429,
      detail,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (error.status >= 500) return { kind: 'retryable', status: error.status, detail };
  if (error.status === 400 && /invalid reply token/i.test(detail)) {
    return { kind: 'invalid-reply-token', status: 400, detail };
  }
  if (error.status === 400 && /failed to send messages/i.test(detail)) {
    return { kind: 'recipient-unknown', status: 400, detail };
  }
  return { kind: 'rejected', status: error.status, detail };
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date, as RFC 9110 allows. */
function retryAfterOf(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function lineErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
