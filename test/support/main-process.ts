import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A process step may take long on a loaded CI machine; when it does not finish, say which and show the logs. */
export const STEP_MS = 60_000;

const root = process.cwd();

/** A running `npm start` (src/main.ts through tsx), its JSON log lines and stderr. */
export interface MainProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  stderr(): string;
  exit: Promise<number | null>;
  /** Resolves with the port once the log says "Joren is listening"; rejects if it exits first. */
  listening: Promise<number>;
}

/** Every process started here, killed by stopAllMainProcesses (a stuck one must not outlive jest). */
const children = new Set<ChildProcess>();

/**
 * Runs `src/main.ts` as `npm start` does, with only the given environment (plus PATH and HOME), in
 * `cwd` — a fresh empty folder unless given, so no `.env` of the developer's checkout is read.
 */
export function startMain(env: Record<string, string>, cwd?: string): MainProcess {
  const folder = cwd ?? mkdtempSync(join(tmpdir(), 'joren-main-'));
  const child = spawn(
    process.execPath,
    ['--import', join(root, 'node_modules/tsx/dist/loader.mjs'), join(root, 'src/main.ts')],
    {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exit.then(() => cwd === undefined && rmSync(folder, { recursive: true, force: true }));
  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'Joren is listening') resolve(entry.port as number);
      } catch {
        // not a log line
      }
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
  listening.catch(() => undefined); // a refusal test never waits for it
  return { child, logs, stderr: () => stderr, exit, listening };
}

/** Waits for a step, or fails naming it, with the process's log so far. */
export function within<T>(promise: Promise<T>, step: string, logs: Record<string, unknown>[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seen = logs.map((entry) => `${String(entry.time)} ${String(entry.msg)}`).join('\n');
      reject(new Error(`${step}: not done after ${STEP_MS} ms. Log so far:\n${seen}`));
    }, STEP_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Kills what is still running (afterAll). */
export function stopAllMainProcesses(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A TCP listener on loopback that counts who connects: where a refused start must not go. */
export async function connectionCounter(): Promise<{
  port: number;
  count(): number;
  close(): Promise<void>;
}> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    count: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
