import { HTTPFetchError } from '@line/bot-sdk';

/** How long any LINE API call may take before Joren aborts it (connection, answer and body). */
export const LINE_CALL_TIMEOUT_MS = 10_000;

type Params = Record<string, string | number | boolean | undefined | null> | undefined;
type Headers = Record<string, string>;

/**
 * The HTTP client the SDK's generated clients call (`get`, `post`, `put`, `delete`, forms, binary
 * content), with what the SDK's own lacks: every request carries an AbortSignal that fires after the
 * timeout, so a LINE that does not answer gets its socket closed instead of a request left running.
 * Non-2xx answers throw the SDK's HTTPFetchError, as the SDK's client does.
 */
export class TimedLineHttpClient {
  private readonly headers: Headers;

  constructor(
    private readonly baseURL: string,
    channelAccessToken: string,
    private readonly timeoutMs: number,
  ) {
    this.headers = { authorization: `Bearer ${channelAccessToken}`, 'user-agent': 'joren' };
  }

  get(url: string, params?: Params): Promise<Response> {
    return this.send('GET', this.url(url, params));
  }

  delete(url: string, params?: Params): Promise<Response> {
    return this.send('DELETE', this.url(url, params));
  }

  post(url: string, body?: unknown, config?: { headers?: Headers }): Promise<Response> {
    return this.send('POST', this.url(url), json(body), config?.headers);
  }

  put(url: string, body?: unknown, config?: { headers?: Headers }): Promise<Response> {
    return this.send('PUT', this.url(url), json(body), config?.headers);
  }

  postForm(url: string, body?: Record<string, string>): Promise<Response> {
    const form = new URLSearchParams(body ?? {}).toString();
    return this.send('POST', this.url(url), {
      body: form,
      type: 'application/x-www-form-urlencoded',
    });
  }

  postFormMultipart(url: string, form: FormData): Promise<Response> {
    return this.send('POST', this.url(url), { body: form });
  }

  putFormMultipart(url: string, form: FormData, config?: { headers?: Headers }): Promise<Response> {
    return this.send('PUT', this.url(url), { body: form }, config?.headers);
  }

  postBinaryContent(url: string, body: Blob): Promise<Response> {
    return this.send('POST', this.url(url), { body, type: body.type });
  }

  private url(path: string, params?: Params): URL {
    const url = new URL(path, this.baseURL);
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }

  private async send(
    method: string,
    url: URL,
    content?: { body: string | FormData | Blob; type?: string },
    extra?: Headers,
  ): Promise<Response> {
    const headers: Headers = { ...this.headers, ...lowerCase(extra) };
    if (content?.type) headers['content-type'] = content.type;
    // The signal stays on the response, so reading a body that stalls is cut off by the same deadline.
    const response = await fetch(url, {
      method,
      headers,
      ...(content ? { body: content.body } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((error: unknown) => {
      throw timedOut(error) ? new Error(`LINE API call timed out after ${this.timeoutMs} ms`) : error;
    });
    if (!response.ok) {
      throw new HTTPFetchError(`${response.status} - ${response.statusText}`, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: await response.text(),
      });
    }
    return response;
  }
}

/** As the SDK sends it: JSON, and no body at all for calls without one (set the default rich menu). */
function json(body: unknown): { body: string; type: string } | undefined {
  return body === undefined ? undefined : { body: JSON.stringify(body), type: 'application/json' };
}

function lowerCase(headers: Headers | undefined): Headers {
  const result: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

/** fetch rejects with a DOMException named TimeoutError when the signal fires. */
function timedOut(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
