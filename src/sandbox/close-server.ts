import type { Server } from 'node:http';

/** Stops a fake API's server at once: keep-alive connections of the bot under test are cut. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
