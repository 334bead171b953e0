import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { lineSignature } from '../../line/signature.js';

/** The channel settings the fake keeps: webhook URL, rich menus and which one is the default. */
export interface ChannelState {
  botName: string;
  /** The channel secret the fake signs its webhook test request with. */
  channelSecret?: string;
  webhook: { endpoint?: string; active: boolean };
  richMenus: Map<string, { request: Record<string, unknown>; image?: { type: string; bytes: number } }>;
  defaultRichMenuId?: string;
}

type Answer = (req: Request, res: Response, status: number, body: unknown) => void;

const SIZES = new Set(['2500x1686', '2500x843', '1200x810', '1200x405', '800x540', '800x270']);
const IMAGE_LIMIT = 1024 * 1024;

/**
 * The channel-management endpoints `npm run setup:line` uses, as LINE documents them: bot info,
 * webhook endpoint (set, get, test — the fake really calls the URL, signed), rich menus (create,
 * list, delete, upload the image once, set as default).
 */
export function channelRoutes(state: ChannelState, answer: Answer): Router {
  const router = express.Router();

  router.get('/v2/bot/info', (req, res) =>
    answer(req, res, 200, {
      userId: `U${'f'.repeat(32)}`,
      basicId: '@000fake',
      displayName: state.botName,
      chatMode: 'bot',
      markAsReadMode: 'auto',
    }),
  );

  router.put('/v2/bot/channel/webhook/endpoint', (req, res) => {
    const endpoint = (req.body as { endpoint?: unknown }).endpoint;
    if (typeof endpoint !== 'string' || !isAcceptedEndpoint(endpoint)) {
      answer(req, res, 400, { message: 'Invalid webhook endpoint URL' });
      return;
    }
    state.webhook = { endpoint, active: true };
    answer(req, res, 200, {});
  });

  router.get('/v2/bot/channel/webhook/endpoint', (req, res) => {
    if (!state.webhook.endpoint) answer(req, res, 404, { message: 'Not found' });
    else answer(req, res, 200, { endpoint: state.webhook.endpoint, active: state.webhook.active });
  });

  router.post('/v2/bot/channel/webhook/test', async (req, res) => {
    const endpoint = (req.body as { endpoint?: string }).endpoint ?? state.webhook.endpoint;
    if (!endpoint) {
      answer(req, res, 400, { message: 'The webhook endpoint is not set' });
      return;
    }
    const body = JSON.stringify({ destination: `U${'f'.repeat(32)}`, events: [] });
    const timestamp = new Date().toISOString();
    try {
      const reply = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': lineSignature(body, state.channelSecret ?? 'unknown'),
        },
        body,
      });
      answer(req, res, 200, {
        success: reply.ok,
        timestamp,
        statusCode: reply.status,
        reason: reply.ok ? 'OK' : 'ERROR_STATUS_CODE',
        detail: String(reply.status),
      });
    } catch (error) {
      answer(req, res, 200, {
        success: false,
        timestamp,
        statusCode: 0,
        reason: 'COULD_NOT_CONNECT',
        detail: (error as Error).message,
      });
    }
  });

  router.post('/v2/bot/richmenu', (req, res) => {
    const request = req.body as {
      size?: { width: number; height: number };
      areas?: unknown[];
      name?: string;
      chatBarText?: string;
    };
    const problems = [
      !request.size || !SIZES.has(`${request.size.width}x${request.size.height}`) ? 'size' : undefined,
      !Array.isArray(request.areas) || request.areas.length === 0 || request.areas.length > 20
        ? 'areas'
        : undefined,
      typeof request.name !== 'string' || request.name.length > 300 ? 'name' : undefined,
      typeof request.chatBarText !== 'string' || request.chatBarText.length > 14 ? 'chatBarText' : undefined,
    ].filter(Boolean);
    if (problems.length > 0) {
      answer(req, res, 400, {
        message: 'The request body has errors',
        details: problems.map((property) => ({ message: 'invalid', property })),
      });
      return;
    }
    const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
    state.richMenus.set(richMenuId, { request: request });
    answer(req, res, 200, { richMenuId });
  });

  router.get('/v2/bot/richmenu/list', (req, res) =>
    answer(req, res, 200, {
      richmenus: [...state.richMenus.entries()].map(([richMenuId, menu]) => ({
        richMenuId,
        ...menu.request,
      })),
    }),
  );

  router.delete('/v2/bot/richmenu/:id', (req, res) => {
    const id = String(req.params.id);
    if (!state.richMenus.delete(id)) answer(req, res, 404, { message: 'Not found' });
    else {
      if (state.defaultRichMenuId === id) delete state.defaultRichMenuId;
      answer(req, res, 200, {});
    }
  });

  router.post('/v2/bot/richmenu/:id/content', express.raw({ type: () => true, limit: '2mb' }), (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    const type = req.get('content-type') ?? '';
    const body = req.body as Buffer;
    if (!menu) answer(req, res, 404, { message: 'Not found' });
    else if (menu.image)
      answer(req, res, 400, { message: 'An image has already been uploaded to the richmenu' });
    else if (!['image/png', 'image/jpeg'].includes(type))
      answer(req, res, 415, { message: 'Unsupported media type' });
    else if (body.length > IMAGE_LIMIT) answer(req, res, 413, { message: 'Request entity too large' });
    else if (
      type === 'image/png' &&
      !pngMatches(body, menu.request.size as { width: number; height: number })
    ) {
      answer(req, res, 400, { message: 'Image size does not match the rich menu size' });
    } else {
      menu.image = { type, bytes: body.length };
      answer(req, res, 200, {});
    }
  });

  router.post('/v2/bot/user/all/richmenu/:id', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) answer(req, res, 404, { message: 'Not found' });
    else if (!menu.image)
      answer(req, res, 400, { message: 'must upload richmenu image before applying it to user' });
    else {
      state.defaultRichMenuId = String(req.params.id);
      answer(req, res, 200, {});
    }
  });

  router.get('/v2/bot/user/all/richmenu', (req, res) => {
    if (!state.defaultRichMenuId) answer(req, res, 404, { message: 'no default richmenu' });
    else answer(req, res, 200, { richMenuId: state.defaultRichMenuId });
  });

  return router;
}

/** LINE takes HTTPS webhook URLs; the fake also takes loopback HTTP, for local tests. */
function isAcceptedEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

function pngMatches(png: Buffer, size: { width: number; height: number }): boolean {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature) return false;
  return png.readUInt32BE(16) === size.width && png.readUInt32BE(20) === size.height;
}
