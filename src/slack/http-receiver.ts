import { parse as parseQuery } from 'node:querystring';
import { HTTPResponseAck, type App, type Receiver, type Logger as SlackLogger } from '@slack/bolt';
import express, { type RequestHandler, type Router } from 'express';
import type { Clock } from '../clock.js';
import { ErrorCode, JorenError } from '../errors.js';
import type { Logger } from '../log.js';
import { checkSlackSignature } from './signature.js';

/** Where Slack sends slash commands, interactivity and events (one Request URL for all three). */
const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's payloads are a few KB; anything near this is not from Slack. */
const BODY_LIMIT = '1mb';

export interface SlackReceiverDeps {
  signingSecret: string;
  clock: Clock;
  log: Logger;
  slackLog: SlackLogger;
}

/**
 * Bolt's receiver, mounted on Joren's own express app: `POST /slack/events` verifies the signature
 * and the five-minute timestamp window (with Joren's clock, both ways) before anything reads the
 * body — a bad request gets 401 and reaches no handler — then parses the body as Slack sends it and
 * hands it to Bolt with an ack that answers the HTTP request. It keeps the requests it is
 * processing, so shutdown and tests can wait for them.
 */
export class SlackHttpReceiver implements Receiver {
  readonly router: Router;
  private bolt: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: SlackReceiverDeps) {
    this.router = express.Router();
    this.router.post(
      SLACK_EVENTS_PATH,
      express.raw({ type: () => true, limit: BODY_LIMIT }),
      this.verify(),
      this.dispatch(),
    );
  }

  init(app: App): void {
    this.bolt = app;
  }

  /** The express app serves the route; there is nothing of its own to start. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.idle();
  }

  /** Resolves once every request being processed (including work after its ack) is done. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private verify(): RequestHandler {
    return (req, _res, next) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = checkSlackSignature({
        signingSecret: this.deps.signingSecret,
        body,
        signature: req.get('x-slack-signature'),
        timestamp: req.get('x-slack-request-timestamp'),
        now: this.deps.clock.now(),
      });
      if (check.ok) return next();
      if (check.reason === 'missing')
        throw new JorenError(
          ErrorCode.SignatureMissing,
          'X-Slack-Signature or X-Slack-Request-Timestamp is missing.',
        );
      if (check.reason === 'stale')
        throw new JorenError(
          ErrorCode.RequestStale,
          'X-Slack-Request-Timestamp is not within five minutes of now.',
        );
      throw new JorenError(ErrorCode.SignatureInvalid, 'X-Slack-Signature does not match the body.');
    };
  }

  private dispatch(): RequestHandler {
    return (req, res) => {
      const body = parseSlackBody(req.body as Buffer, req.get('content-type'));
      if (body.ssl_check) {
        res.status(200).end();
        return;
      }
      if (body.type === 'url_verification') {
        res.status(200).json({ challenge: body.challenge });
        return;
      }
      const bolt = this.bolt;
      if (!bolt) throw new JorenError(ErrorCode.Internal, 'Slack is not ready yet.');

      const ack = new HTTPResponseAck({
        logger: this.deps.slackLog,
        processBeforeResponse: false,
        unhandledRequestTimeoutMillis: 3_001,
        httpRequest: req,
        httpRequestBody: body,
        httpResponse: res,
      });
      const retryNum = Number(req.get('x-slack-retry-num'));
      const acknowledge = ack.bind();
      const processing = bolt
        .processEvent({
          body,
          ack: acknowledge,
          ...(Number.isInteger(retryNum) ? { retryNum } : {}),
          ...(req.get('x-slack-retry-reason') ? { retryReason: req.get('x-slack-retry-reason') } : {}),
        })
        .then(async () => {
          // No listener took it (a button or action id Joren does not have, e.g. forged): answer 200
          // now rather than Bolt's 404 after three seconds.
          if (!res.headersSent) await acknowledge();
        })
        .catch((error: unknown) => {
          this.deps.log.error({ code: (error as { code?: unknown }).code }, 'Slack request failed');
          if (!res.headersSent)
            res.status(500).json({ error: ErrorCode.Internal, message: 'Internal error.' });
        })
        .finally(() => this.inFlight.delete(processing));
      this.inFlight.add(processing);
    };
  }
}

/** A body as Slack sends it: form fields (a slash command), a form `payload` of JSON (interactivity), or JSON (events). */
function parseSlackBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  try {
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = parseQuery(text);
      if (typeof form.payload === 'string') return asObject(JSON.parse(form.payload));
      return Object.fromEntries(
        Object.entries(form).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
      );
    }
    return asObject(JSON.parse(text));
  } catch {
    throw new JorenError(ErrorCode.BodyMalformed, 'The body is not a Slack request.');
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}
