import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ErrorCode, JorenError } from '../errors.js';
import type { InboxEvent } from '../db/models/index.js';
import type { Logger } from '../log.js';
import type { JorenMetrics } from '../observability/metrics.js';
import type { InboxWriter } from '../inbox/inbox-writer.js';
import { lineSignatureMatches } from './signature.js';
import { storableKeys } from './storable-keys.js';
import { webhookBody } from './webhook-events.js';

/** Larger than any webhook LINE sends (a few events of a few KB), small enough to refuse abuse. */
const WEBHOOK_BODY_LIMIT = '1mb';
/**
 * LINE's events nest a handful of levels. A signed body nested thousands deep would be stored as it
 * came, and copying and encoding it for the database stalled the process for minutes (the chaos
 * suite, test/chaos/webhooks.chaos.ts): it is refused before parsing.
 */
const WEBHOOK_MAX_DEPTH = 32;

export interface LineWebhookDeps {
  channelSecret: string;
  inbox: InboxWriter;
  /** Called with the events that were new, after LINE has its 200. */
  onStored: (events: InboxEvent[]) => void;
  log: Logger;
  /** Counts requests and events by outcome (GET /metrics). */
  metrics?: Pick<JorenMetrics, 'webhookRequest' | 'webhookEventsSeen'>;
}

/**
 * POST /webhooks/line: verifies X-Line-Signature over the raw body, stores the events in the inbox,
 * and acknowledges. It decides nothing about the events; the inbox worker does.
 */
export function lineWebhookRouter(deps: LineWebhookDeps): Router {
  const router = express.Router();
  router.post(
    '/webhooks/line',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    lineWebhookHandler(deps),
  );
  return router;
}

function lineWebhookHandler(deps: LineWebhookDeps): RequestHandler {
  const handle = storeEvents(deps);
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      const code = error instanceof JorenError ? error.code : undefined;
      deps.metrics?.webhookRequest(
        code === ErrorCode.SignatureMissing || code === ErrorCode.SignatureInvalid
          ? 'bad_signature'
          : code === ErrorCode.BodyMalformed
            ? 'malformed'
            : 'refused',
      );
      throw error;
    }
  };
}

function storeEvents({ channelSecret, inbox, onStored, log, metrics }: LineWebhookDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-line-signature');
    if (!signature) throw new JorenError(ErrorCode.SignatureMissing, 'X-Line-Signature header is missing.');
    if (!lineSignatureMatches(body, signature, channelSecret)) {
      throw new JorenError(ErrorCode.SignatureInvalid, 'X-Line-Signature does not match the body.');
    }

    // LINE sends application/json; anything else is not a webhook, whoever signed it.
    if (!/^application\/json\b/i.test(req.get('content-type') ?? '')) {
      throw new JorenError(ErrorCode.BodyNotJson, 'The body is not declared as application/json.');
    }
    if (jsonDepthExceeds(body, WEBHOOK_MAX_DEPTH)) {
      throw new JorenError(
        ErrorCode.BodyMalformed,
        `The body nests deeper than ${WEBHOOK_MAX_DEPTH} levels.`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new JorenError(ErrorCode.BodyMalformed, 'The body is not valid JSON.');
    }
    const parsed = webhookBody.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
      throw new JorenError(
        ErrorCode.BodyMalformed,
        `The body is not a LINE webhook: ${where} ${issue?.message ?? ''}`.trim(),
      );
    }

    const { events } = parsed.data;
    if (events.length === 0) {
      // LINE Developers console "Verify" sends a body without events.
      res.status(200).json({});
      metrics?.webhookRequest('accepted');
      return;
    }
    const stored = await inbox.store(storableKeys(events)).catch((error: unknown) => {
      metrics?.webhookEventsSeen(events, [], true);
      throw error;
    });
    res.status(200).json({});
    metrics?.webhookRequest('accepted');
    metrics?.webhookEventsSeen(events, stored);
    log.debug({ received: events.length, new: stored.length }, 'webhook events stored');
    if (stored.length > 0) onStored(stored);
  };
}

/** Whether JSON text opens more than `max` objects or arrays inside each other (strings skipped). */
export function jsonDepthExceeds(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i]!;
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth -= 1;
  }
  return false;
}
