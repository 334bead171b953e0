import type { RequestHandler } from 'express';
import { ErrorCode, JorenError } from '../../errors.js';

/** localhost, 127.0.0.1 or [::1], with or without a port: the names this machine's browser uses. */
function isLoopbackHostHeader(header: string | undefined): boolean {
  return header !== undefined && /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(header);
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostHeader(url.host);
  } catch {
    return false; // "null" (a sandboxed frame, a file) and anything unparsable
  }
}

/**
 * The sandbox console acts as staff on the bot, so it answers only a browser on this machine that
 * addresses it as localhost, 127.0.0.1 or [::1]: a page of another site that resolves its own name to
 * 127.0.0.1 (DNS rebinding) sends its own name as Host, and one posting from another origin sends that
 * Origin. A request through a proxy (X-Forwarded-*, Forwarded) is refused too.
 */
export function loopbackOnly(): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    const proxied = ['x-forwarded-for', 'x-forwarded-host', 'forwarded'].some((name) => name in req.headers);
    if (
      !isLoopbackHostHeader(req.headers.host) ||
      (origin !== undefined && !isLoopbackOrigin(origin)) ||
      proxied
    ) {
      next(
        new JorenError(
          ErrorCode.SandboxHostRefused,
          'The sandbox console answers only on this machine: open it as http://localhost:<port>/sandbox.',
        ),
      );
      return;
    }
    next();
  };
}
