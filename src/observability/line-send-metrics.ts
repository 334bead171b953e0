import { classifyLineFailure, type LineApi } from '../line/line-api.js';
import type { LineSendClient } from '../line/line-send-client.js';
import type { JorenMetrics, SendKind, SendOutcome } from './metrics.js';

/** The LINE SDK's sending methods and what kind of send each is. */
const SENDING_METHODS: Record<string, SendKind> = {
  replyMessage: 'reply',
  replyMessageWithHttpInfo: 'reply',
  pushMessage: 'push',
  pushMessageWithHttpInfo: 'push',
  multicast: 'multicast',
  multicastWithHttpInfo: 'multicast',
};

/** What a failed send request counts as. A 409 means an earlier attempt got through. */
function outcomeOf(error: unknown): SendOutcome {
  const failure = classifyLineFailure(error);
  if (failure.kind === 'already-accepted') return 'ok';
  if (failure.kind === 'recipient-unknown') return 'unreachable';
  if (failure.status === 429) return 'limit';
  return 'failed';
}

async function counted<T>(metrics: JorenMetrics, kind: SendKind, call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    metrics.send(kind, 'ok');
    return result;
  } catch (error) {
    metrics.send(kind, outcomeOf(error));
    throw error;
  }
}

/**
 * The LINE API client with each reply, push and multicast request counted (each attempt: a retried
 * send counts its failed attempts too). Everything else passes through untouched.
 */
export function countingLineApi(api: LineApi, metrics: JorenMetrics): LineApi {
  return new Proxy(api, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      const kind = typeof property === 'string' ? SENDING_METHODS[property] : undefined;
      if (!kind) return method;
      return (...args: unknown[]) => counted(metrics, kind, () => method(...args) as Promise<unknown>);
    },
  });
}

/** The fan-out's push and multicast client with each request counted. */
export function countingSendClient(client: LineSendClient, metrics: JorenMetrics): LineSendClient {
  return {
    push: (to, messages, retryKey) => counted(metrics, 'push', () => client.push(to, messages, retryKey)),
    multicast: (to, messages, retryKey) =>
      counted(metrics, 'multicast', () => client.multicast(to, messages, retryKey)),
  };
}
