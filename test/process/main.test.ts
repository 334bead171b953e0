import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dropDatabase, freshDatabaseName, testDatabaseUri } from '../support/database.js';

interface Started {
  port: number;
  logs: Record<string, unknown>[];
  exit: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** A process step may take long on a loaded CI machine; when it does not finish, say which and show the logs. */
const STEP_MS = 60_000;

function within<T>(promise: Promise<T>, step: string, logs: Record<string, unknown>[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seen = logs.map((entry) => `${String(entry.time)} ${String(entry.msg)}`).join('\n');
      reject(new Error(`${step}: not done after ${STEP_MS} ms. Log so far:\n${seen}`));
    }, STEP_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Every process a test started, killed at the end whatever happened (a stuck one must not outlive jest). */
const children = new Set<ChildProcess>();

/** Runs `src/main.ts` as `npm start` does, with the given environment. */
async function runMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const logs: Record<string, unknown>[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<Started>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'Joren is listening')
          resolve({ port: entry.port as number, logs, exit, kill: (s) => child.kill(s) });
      } catch {
        // not a log line
      }
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
  try {
    return await within(listening, 'start until "Joren is listening"', logs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

describe('the process (npm start)', () => {
  const dbName = freshDatabaseName('process');
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase(dbName);
  });

  it('stops with one line naming the variable when the configuration is wrong', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^joren: Configuration error: PORT .* use a TCP port number/),
    ]);
  });

  it(
    'starts in sandbox mode without credentials, is ready, and shuts down cleanly on SIGTERM',
    async () => {
      const started = await runMain({ MONGODB_URI: `${testDatabaseUri().replace(/\/$/, '')}/${dbName}` });
      const sandbox = started.logs.find((entry) => String(entry.msg).startsWith('SANDBOX MODE'));
      expect(sandbox).toBeDefined();
      expect(JSON.stringify(started.logs)).not.toMatch(/sandbox-[A-Za-z0-9_-]{20,}/); // the made-up token is not logged

      const ready = await fetch(`http://127.0.0.1:${started.port}/readyz`);
      expect(ready.status).toBe(200);

      started.kill('SIGTERM');
      expect(await within(started.exit, 'shutdown after SIGTERM', started.logs)).toBe(0);
      expect(started.logs.map((entry) => entry.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'Joren stopped']),
      );
    },
    3 * STEP_MS,
  );

  it(
    'with no MONGODB_URI, starts the embedded database under DATA_DIR and keeps the data',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'joren-data-'));
      try {
        const started = await runMain({ DATA_DIR: dataDir });
        const embedded = started.logs.find((entry) => String(entry.msg).startsWith('embedded database'));
        expect(embedded).toMatchObject({
          kind: expect.stringMatching(/^(mongod|ferretdb)$/),
          persistent: true,
        });
        started.kill('SIGTERM');
        expect(await within(started.exit, 'shutdown after SIGTERM', started.logs)).toBe(0);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    3 * STEP_MS,
  );
});
