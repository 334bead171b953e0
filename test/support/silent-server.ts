import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the silent server took: when it arrived and when its client hung up. */
export interface HeldRequest {
  method: string;
  path: string;
  arrivedAt: number;
  closedAt?: number;
}

/**
 * An HTTP server that reads every request and never answers, as a stuck API does. It records when
 * each client gives up and closes the connection, which is what a real timeout must do.
 */
export class SilentServer {
  readonly requests: HeldRequest[] = [];
  url = '';
  private server: Server | undefined;

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer();
    const server = createServer((req) => {
      const held: HeldRequest = { method: req.method ?? '', path: req.url ?? '', arrivedAt: Date.now() };
      silent.requests.push(held);
      req.resume();
      req.socket.on('close', () => {
        held.closedAt = Date.now();
      });
    });
    silent.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    silent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return silent;
  }

  /** Resolves once every request so far has been closed by its client (or rejects after `withinMs`). */
  async allClosed(withinMs: number): Promise<void> {
    const until = Date.now() + withinMs;
    while (this.requests.some((request) => request.closedAt === undefined)) {
      if (Date.now() > until) throw new Error('a request was left open by its client');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
