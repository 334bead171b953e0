import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy does to a request that matches while a fault is armed. */
export type FaultMode =
  /** Answers with this status (and Retry-After when given) without passing the request on. */
  | { kind: 'status'; status: number; retryAfter?: number; body?: string }
  /** Never answers, and does not pass the request on. */
  | { kind: 'hang' }
  /** Passes the request on (it takes effect), then never answers. */
  | { kind: 'hang-after-forward' }
  /** Passes the request on and answers after a delay. */
  | { kind: 'slow'; delayMs: number }
  /** Passes the request on (it takes effect), then answers 200 with a body that is not JSON. */
  | { kind: 'malformed' };

interface Armed {
  mode: FaultMode;
  remaining: number;
  matches: (req: IncomingMessage) => boolean;
}

/**
 * An HTTP proxy in front of a fake platform API (LINE or Slack) that can be switched into fault
 * modes: error statuses with or without Retry-After, silence, slowness, broken JSON, and refusing
 * connections altogether (the listener closes; the port stays reserved for reopening).
 */
export class FaultProxy {
  /** Requests that met a fault, by mode. */
  readonly faulted = new Map<string, number>();
  private armed: Armed[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly target: URL) {}

  static async start(targetUrl: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(targetUrl));
    await proxy.open();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests that match (default: any) meet this fault. */
  arm(mode: FaultMode, times: number, matches: (req: IncomingMessage) => boolean = () => true): void {
    this.armed.push({ mode, remaining: times, matches });
  }

  /** Back to passing everything through; held requests are dropped (their sockets closed). */
  heal(): void {
    this.armed = [];
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }

  /** Closes the listener: new connections are refused until reopen(). */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async reopen(): Promise<void> {
    if (!this.server) await this.open();
  }

  async stop(): Promise<void> {
    this.heal();
    await this.refuse();
  }

  private async open(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  private take(req: IncomingMessage): FaultMode | undefined {
    const armed = this.armed.find((entry) => entry.remaining > 0 && entry.matches(req));
    if (!armed) return undefined;
    armed.remaining -= 1;
    this.faulted.set(armed.mode.kind, (this.faulted.get(armed.mode.kind) ?? 0) + 1);
    return armed.mode;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const mode = this.take(req);
    if (mode?.kind === 'status') {
      req.resume();
      const body =
        mode.body ?? JSON.stringify({ message: 'fault injected', ok: false, error: 'ratelimited' });
      res.writeHead(mode.status, {
        'content-type': 'application/json',
        ...(mode.retryAfter !== undefined ? { 'retry-after': String(mode.retryAfter) } : {}),
      });
      res.end(body);
      return;
    }
    if (mode?.kind === 'hang') {
      req.resume();
      this.held.add(res);
      return;
    }
    this.pass(req, res, mode);
  }

  private pass(req: IncomingMessage, res: ServerResponse, mode: FaultMode | undefined): void {
    const upstream = forward(
      {
        hostname: this.target.hostname,
        port: this.target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: this.target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          if (mode?.kind === 'hang-after-forward') {
            this.held.add(res);
            return;
          }
          const reply = () => {
            if (mode?.kind === 'malformed') {
              res.writeHead(200, { ...headers, 'content-type': 'application/json' });
              res.end('{"sentMessages":[{"id":');
              return;
            }
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(Buffer.concat(chunks));
          };
          if (mode?.kind === 'slow') setTimeout(reply, mode.delayMs);
          else reply();
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}
