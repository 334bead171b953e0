import { HTTPFetchError, messagingApi } from '@line/bot-sdk';

export type LineApi = messagingApi.MessagingApiClient;
export type LineMessage = messagingApi.Message;

/** LINE takes 1 to 5 messages in one reply, push or multicast request. */
export const MESSAGES_PER_REQUEST = 5;

/** The LINE Messaging API client, pointed at LINE or at a local fake through its base URL. */
export function createLineApi(options: { channelAccessToken: string; apiBaseUrl: string }): LineApi {
  return new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.apiBaseUrl,
  });
}

/** What a failed LINE API call means for the caller. */
export type LineFailure =
  | { kind: 'retryable'; status: number; detail: string }
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
    return /monthly limit/i.test(detail)
      ? { kind: 'quota-exhausted', status: 429, detail }
      : { kind: 'retryable', status: 429, detail };
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

function lineErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** Rejects if a LINE call takes longer than ms; the request may still land, which retry keys make safe. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`LINE API call timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
