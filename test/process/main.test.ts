import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { STEP_MS, startMain, stopAllMainProcesses, within } from '../support/main-process.js';

/** The engine global-setup found, so a sandbox process does not try a mongod download first. */
const engine = process.env.JOREN_TEST_DATABASE_KIND ?? 'auto';

/** An HTTP request to 127.0.0.1 (or [::1]) with the Host and other headers a browser would send. */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  address = '127.0.0.1',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

/** Whether a TCP connection to the port on this loopback address is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the process (npm start)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'joren-process-'));
  afterAll(() => {
    stopAllMainProcesses();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stops with one line naming the variable when the configuration is wrong', async () => {
    const main = startMain({ PORT: 'eighty' });
    expect(await main.exit).toBe(1);
    expect(main.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^joren: Configuration error: PORT .* use a TCP port number/),
    ]);
  });

  it(
    'runs the sandbox on the embedded database under DATA_DIR, on loopback only, and stops on SIGTERM',
    async () => {
      const dataDir = join(folder, 'sandbox-data');
      const main = startMain({ DATA_DIR: dataDir, JOREN_EMBEDDED_DB: engine, PORT: '0' });
      const port = await within(main.listening, 'start until "Joren is listening"', main.logs);
      expect(main.logs.find((entry) => String(entry.msg).startsWith('SANDBOX MODE'))).toBeDefined();
      expect(JSON.stringify(main.logs)).not.toMatch(/sandbox-[A-Za-z0-9_-]{20,}/); // the made-up token
      expect(main.logs.find((entry) => String(entry.msg).startsWith('embedded database'))).toMatchObject({
        kind: expect.stringMatching(/^(mongod|ferretdb)$/),
        persistent: true,
      });
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);

      expect(main.logs.find((entry) => entry.msg === 'Joren is listening')).toMatchObject({
        host: '127.0.0.1',
      });
      expect(await accepts('127.0.0.1', port)).toBe(true);
      // ::1 is this machine too, but not the address the sandbox listens on (all interfaces would take it).
      expect(await accepts('::1', port)).toBe(false);
      expect((await send(port, '/readyz', { host: `127.0.0.1:${port}` })).status).toBe(200);

      main.child.kill('SIGTERM');
      expect(await within(main.exit, 'shutdown after SIGTERM', main.logs)).toBe(0);
      expect(main.logs.map((entry) => entry.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'Joren stopped']),
      );
    },
    3 * STEP_MS,
  );

  it(
    'listens wider with HOST (and warns), while the console still answers only loopback Host names',
    async () => {
      const main = startMain({
        DATA_DIR: join(folder, 'wide-data'),
        JOREN_EMBEDDED_DB: engine,
        PORT: '0',
        HOST: '::',
      });
      const port = await within(main.listening, 'start until "Joren is listening"', main.logs);
      expect(
        main.logs.find(
          (entry) => entry.level === 40 && String(entry.msg).startsWith('HOST opens the sandbox'),
        ),
      ).toMatchObject({ host: '::' });
      expect(await accepts('::1', port)).toBe(true);

      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
        expect([host, (await send(port, '/sandbox', { host }, 'GET', '::1')).status]).toEqual([host, 200]);
        expect([host, (await send(port, '/sandbox/api/state', { host })).status]).toEqual([host, 200]);
      }
      // DNS rebinding: a foreign name that resolves to this machine arrives with its own Host.
      for (const host of [
        `evil.example:${port}`,
        'localhost.evil.example',
        `127.0.0.1.nip.io:${port}`,
        `192.0.2.10:${port}`,
      ]) {
        const page = await send(port, '/sandbox', { host });
        expect([host, page.status]).toEqual([host, 403]);
        expect(JSON.parse(page.body)).toMatchObject({ error: 'SANDBOX_HOST_REFUSED' });
        expect([host, (await send(port, '/sandbox/api/state', { host })).status]).toEqual([host, 403]);
      }
      // A page of another site posting to the console from the developer's own browser.
      const posted = await send(
        port,
        '/sandbox/api/demo',
        { host: `localhost:${port}`, origin: 'http://evil.example', 'content-type': 'application/json' },
        'POST',
      );
      expect(posted.status).toBe(403);
      // Only the console is held to loopback names; health checks answer any Host.
      expect((await send(port, '/healthz', { host: 'evil.example' })).status).toBe(200);

      main.child.kill('SIGTERM');
      expect(await within(main.exit, 'shutdown after SIGTERM', main.logs)).toBe(0);
    },
    3 * STEP_MS,
  );
});
