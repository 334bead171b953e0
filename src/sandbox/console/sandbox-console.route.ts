import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AdjustableClock } from '../../clock.js';
import type { AppContext } from '../../context.js';
import { ErrorCode, JorenError } from '../../errors.js';
import { recordVisitAndFollowUp } from '../../visits/visit-follow-up.js';
import type { LineSandbox } from '../line-sandbox.js';
import type { SlackSandbox } from '../slack-sandbox.js';
import { sandboxAsset } from './console-assets.js';
import { CustomerChat } from './customer-chat.js';
import { loadDemoData } from './demo-data.js';
import { loopbackOnly } from './loopback-only.js';
import { SandboxTime } from './sandbox-time.js';
import { StaffPane } from './staff-pane.js';

const userId = z.string().regex(/^U[0-9a-zA-Z]{1,40}$/);
const schemas = {
  customer: z.object({ displayName: z.string().trim().min(1).max(40) }),
  line: z.object({
    userId,
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('follow') }),
      z.object({ kind: z.literal('unfollow') }),
      z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(5000) }),
      z.object({ kind: z.literal('sticker') }),
      z.object({
        kind: z.literal('postback'),
        data: z.string().min(1).max(300),
        label: z.string().max(40),
        date: z
          .string()
          .regex(/^\d{4}-\d\d-\d\d$/)
          .optional(),
      }),
    ]),
  }),
  command: z.object({ command: z.string().regex(/^\/[a-z-]{1,30}$/), text: z.string().max(2000) }),
  press: z.object({
    messageTs: z.string().min(1),
    actionId: z.string().min(1),
    value: z.string().optional(),
    blockId: z.string().optional(),
    ephemeral: z.boolean().optional(),
  }),
  reply: z.object({ threadTs: z.string().min(1), text: z.string().trim().min(1).max(3000) }),
  submit: z.object({
    viewId: z.string().min(1),
    values: z.record(z.string(), z.record(z.string(), z.string())),
  }),
  close: z.object({ viewId: z.string().min(1) }),
  time: z.union([
    z.object({ days: z.union([z.literal(1), z.literal(7)]) }),
    z.object({ birthdayOf: userId }),
  ]),
  visit: z.object({ userId, menu: z.string().trim().max(40).optional() }),
  checkIn: z.object({ userId }),
};

export interface SandboxConsoleDeps {
  context: AppContext;
  line: LineSandbox;
  slack: SlackSandbox;
  clock: AdjustableClock;
}

/**
 * GET /sandbox (the console page) and /sandbox/api/*: what the console does, done server-side with the
 * sandbox secrets — signed LINE webhooks and Slack requests to the bot's own routes, time travel, demo
 * data. Mounted only when both LINE and Slack are simulated (see src/app.ts); answers only requests
 * addressed to localhost (./loopback-only.ts).
 */
export function sandboxConsoleRouter(deps: SandboxConsoleDeps): Router {
  const { context } = deps;
  let botUrl = '';
  const self = () => botUrl;
  const chat = new CustomerChat(context, deps.line, self);
  const staff = new StaffPane(context, deps.slack, self);
  const time = new SandboxTime(context, deps.clock);
  const router = express.Router();
  router.use('/sandbox', loopbackOnly());
  // Served at /sandbox itself, not only /sandbox/ (express.static would redirect).
  router.get('/sandbox', (_req, res) => res.sendFile(join(sandboxAsset('public'), 'index.html')));
  router.use('/sandbox', express.static(sandboxAsset('public'), { index: 'index.html' }));
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  api.use((req, _res, next) => {
    // The console calls the bot the way LINE and Slack would: over HTTP, on the port it listens on.
    botUrl = `http://127.0.0.1:${req.socket.localPort}`;
    next();
  });

  const handle =
    <S extends z.ZodType>(schema: S, run: (input: z.infer<S>) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const parsed = schema.safeParse(req.body ?? {});
      if (!parsed.success) {
        res.status(400).json({ error: 'BAD_INPUT', message: z.prettifyError(parsed.error) });
        return;
      }
      try {
        res.json((await run(parsed.data)) ?? { ok: true });
      } catch (error) {
        if (!(error instanceof JorenError && error.code === ErrorCode.CustomerNotFound)) throw error;
        res
          .status(404)
          .json({ error: error.code, message: 'このお客様は見つかりません（友だち追加はお済みですか？）。' });
      }
    };

  api.get('/state', (req, res) => {
    const selected = typeof req.query.customer === 'string' ? req.query.customer : undefined;
    res.json({
      now: context.clock.now().toISOString(),
      timezone: context.config.shop.timezone,
      shopName: context.config.shop.name,
      customers: [...chat.customers.values()].map((c) => ({ userId: c.userId, displayName: c.displayName })),
      chat: selected ? chat.timeline(selected) : [],
      staff: staff.view(),
    });
  });
  api.post(
    '/customers',
    handle(schemas.customer, ({ displayName }) => {
      const customer = chat.add(displayName, `U${randomBytes(16).toString('hex')}`);
      return Promise.resolve({ userId: customer.userId, displayName: customer.displayName });
    }),
  );
  api.post(
    '/line',
    handle(schemas.line, ({ userId: id, input }) => chat.act(id, input)),
  );
  api.post(
    '/slack/command',
    handle(schemas.command, ({ command, text }) => staff.command(command, text)),
  );
  api.post(
    '/slack/press',
    handle(schemas.press, ({ messageTs, ephemeral, ...action }) => staff.press(action, messageTs, ephemeral)),
  );
  api.post(
    '/slack/reply',
    handle(schemas.reply, ({ threadTs, text }) => staff.reply(threadTs, text)),
  );
  api.post(
    '/slack/submit',
    handle(schemas.submit, ({ viewId, values }) => staff.submit(viewId, values)),
  );
  api.post(
    '/slack/close',
    handle(schemas.close, ({ viewId }) => Promise.resolve(staff.close(viewId))),
  );
  api.post(
    '/time',
    handle(schemas.time, async (input) => {
      if ('days' in input) return time.forwardDays(input.days);
      return (
        (await time.toBirthdayOf(input.birthdayOf)) ?? {
          error: 'NO_BIRTHDAY',
          message: 'このお客様の誕生日はまだ登録されていません。',
        }
      );
    }),
  );
  api.post(
    '/demo',
    handle(z.object({}), () => loadDemoData(context, chat)),
  );
  api.post(
    '/visit',
    handle(schemas.visit, async ({ userId: id, menu }) => {
      const { visit } = await recordVisitAndFollowUp(
        {
          models: context.models,
          scheduler: context.scheduler,
          winBackWindowDays: context.config.shop.winBackWindowDays,
        },
        {
          key: `sandbox:${randomBytes(8).toString('hex')}`,
          customerId: id,
          at: context.clock.now(),
          source: 'sandbox',
          ...(menu ? { menu } : {}),
        },
      );
      return { visitId: visit._id };
    }),
  );
  api.post(
    '/check-in',
    handle(schemas.checkIn, async ({ userId: id }) => {
      // What the counter QR types into the chat today; sent as the customer's own message.
      const { message } = await context.flows.checkIns.today();
      await chat.act(id, { kind: 'text', text: message });
      return { message };
    }),
  );
  router.use('/sandbox/api', api);
  return router;
}
