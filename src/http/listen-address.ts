import { isIP } from 'node:net';

/** localhost, 127.0.0.0/8 or ::1: an address (or name) only this machine reaches. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Where the HTTP server listens: HOST when set; loopback for the sandbox, whose console lets anyone who
 * reaches it act as staff; every interface otherwise (undefined), as a server behind a proxy or in a
 * container needs.
 */
export function listenAddress(host: string | undefined, sandbox: boolean): string | undefined {
  return host ?? (sandbox ? '127.0.0.1' : undefined);
}
