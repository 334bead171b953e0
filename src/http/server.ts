import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { ErrorCode, JorenError, httpStatusOf } from '../errors.js';
import type { Logger } from '../log.js';
import { accessLog } from './access-log.js';

export interface HttpServerDeps {
  /** Routers mounted in order (LINE webhook, Slack, sandbox…). */
  routers: Router[];
  /** Named readiness checks for GET /readyz. */
  readiness: Record<string, () => boolean | Promise<boolean>>;
  log: Logger;
}

/** The express app: health endpoints, the mounted routers, and one error handler for all of them. */
export function createHttpServer({ routers, readiness, log }: HttpServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(accessLog(log));

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks = Object.fromEntries(
      await Promise.all(
        Object.entries(readiness).map(
          async ([name, check]) => [name, await Promise.resolve(check()).catch(() => false)] as const,
        ),
      ),
    );
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  for (const router of routers) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND', message: 'No such route.' });
  });
  app.use(errorHandler(log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toJorenError(error);
    const status = httpStatusOf(known);
    if (status >= 500) log.error({ err: error, path: req.path }, 'request failed');
    else log.info({ code: known.code, path: req.path, status }, 'request refused');
    if (res.headersSent) return;
    res
      .status(status)
      .json({ error: known.code, message: status >= 500 ? 'Internal error.' : known.message });
  };
}

/** body-parser reports its own errors with a `type`; give them Joren's codes. */
function toJorenError(error: unknown): JorenError {
  if (error instanceof JorenError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large')
    return new JorenError(ErrorCode.BodyTooLarge, 'The body is larger than allowed.');
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'request.aborted') {
    return new JorenError(ErrorCode.BodyMalformed, 'The body could not be read.');
  }
  return new JorenError(ErrorCode.Internal, 'Unexpected error.', {}, { cause: error });
}
