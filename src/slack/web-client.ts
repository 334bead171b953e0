import { LogLevel, webApi, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../log.js';

export type SlackWebClient = webApi.WebClient;
export type SlackClientOptions = webApi.WebClientOptions;

/** How long one Slack Web API request may take before it is aborted. */
export const SLACK_CALL_TIMEOUT_MS = 10_000;

/**
 * Options of every Slack Web API client Joren makes (its own and the ones Bolt makes per request):
 * the API base URL, a short retry policy (Slack's default retries for half an hour, far too long for a
 * customer waiting on a thread reply; 429s still wait for Retry-After), a timeout, and the log.
 */
export function slackClientOptions(
  apiUrl: string,
  log: Logger,
  timeoutMs = SLACK_CALL_TIMEOUT_MS,
): SlackClientOptions {
  return {
    slackApiUrl: apiUrl,
    logger: slackLogger(log),
    retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 3_000, randomize: true },
    // The client passes AbortSignal.timeout(timeout) to fetch: a Slack that does not answer has its
    // request aborted and its socket closed (test/slack/web-client-timeout.test.ts), then retried.
    timeout: timeoutMs,
  };
}

/** A Web API client for the bot token. */
export function createSlackWebClient(botToken: string, apiUrl: string, log: Logger): SlackWebClient {
  return new webApi.WebClient(botToken, slackClientOptions(apiUrl, log));
}

/**
 * Bolt's and the Web API client's logger, writing to Joren's log. Their debug output includes request
 * bodies (which can hold a customer's words or name), so it is not written at any level; errors keep
 * only name and code, because a library error can carry a response body.
 */
export function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ source: 'slack' });
  const describe = (parts: unknown[]) => {
    const text = parts.filter((part) => typeof part === 'string').join(' ');
    const error = parts.find((part): part is Error & { code?: unknown } => part instanceof Error);
    return { text, error: error ? { name: error.name, code: error.code } : undefined };
  };
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => child.info(describe(parts).text),
    warn: (...parts: unknown[]) => {
      const { text, error } = describe(parts);
      child.warn(error ? { error } : {}, text);
    },
    error: (...parts: unknown[]) => {
      const { text, error } = describe(parts);
      child.error(error ? { error } : {}, text === '' ? (error?.name ?? 'Slack error') : text);
    },
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

/** The Slack error code of a failed Web API call (`channel_not_found`, `ratelimited`…), or the kind. */
export function slackErrorCode(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  if (typeof e?.data?.error === 'string') return e.data.error;
  if (typeof e?.code === 'string') return e.code;
  return error instanceof Error ? error.name : 'unknown';
}
