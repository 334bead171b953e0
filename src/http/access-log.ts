import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';

/**
 * A path fit for the log: no query string (it could carry anything), and any segment that looks like
 * an id (a LINE user id, a long token, a number) replaced by `:id`.
 */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  return path
    .split('/')
    .map((segment) => (/^[0-9]+$|[0-9a-f]{16,}|^[A-Za-z0-9_-]{24,}$/i.test(segment) ? ':id' : segment))
    .join('/')
    .slice(0, 200);
}

/**
 * One line per request (pino-http): method, path, status and duration. Nothing else of the request:
 * no body, no headers (signatures and tokens live there), no address, no user id.
 */
export function accessLog(log: Logger): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse>({
    logger: log,
    wrapSerializers: false,
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        method: req.method,
        path: loggablePath(req.originalUrl ?? req.url),
      }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
      // Errors are logged, with what is safe to log, by the server's error handler.
      err: (error: Error) => ({ type: error.name }),
    },
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
  });
  return middleware;
}
