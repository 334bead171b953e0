import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../../scripts/bench/lib/processes.js';

/**
 * A FerretDB the chaos suite can stop and start again: the launcher the embedded database uses
 * (.tools/bin/joren-ferretdb), on a fixed loopback port and a data folder that outlives a restart,
 * so the bot's driver reconnects to the same address and finds its data.
 */
export class RestartableFerretDb {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RestartableFerretDb> {
    const db = new RestartableFerretDb(await freePort(), mkdtempSync(join(tmpdir(), 'joren-chaos-db-')));
    await db.resume();
    return db;
  }

  /** The connection string of the bot's database. */
  uri(dbName = 'joren'): string {
    return `mongodb://127.0.0.1:${this.port}/${dbName}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts (again) on the same port and folder; resolves once it accepts connections. */
  async resume(): Promise<void> {
    if (this.child) return;
    const binary = join(process.cwd(), '.tools', 'bin', 'joren-ferretdb');
    const child = spawn(binary, ['-dir', this.dir, '-listen', `127.0.0.1:${this.port}`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('FerretDB did not start within 30 s')), 30_000);
      createInterface({ input: child.stdout }).once('line', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`FerretDB exited with ${code}`));
      });
    });
  }

  /** Stops the server (SIGKILL: a crash, not a polite shutdown); the data folder stays. */
  async pause(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
