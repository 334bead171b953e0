import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ErrorCode, JorenError } from '../../errors.js';
import type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-database.js';
import { projectRoot } from './project-root.js';

const START_TIMEOUT_MS = 30_000;

/** Path of the FerretDB launcher built by scripts/install-ferretdb.sh. */
function ferretDbBinary(root = projectRoot()): string {
  return join(root, '.tools', 'bin', 'joren-ferretdb');
}

/**
 * Starts FerretDB (SQLite backend) as a child process on a free loopback port. The child exits when
 * this process does (it watches its stdin), so no orphan keeps the data files open.
 */
export async function startFerretDb({ dataDir, log }: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const root = projectRoot();
  const binary = ferretDbBinary(root);
  ensureBuilt(root, binary, log);

  const temporary = dataDir === undefined;
  const dir = temporary ? mkdtempSync(join(tmpdir(), 'joren-ferretdb-')) : resolve(dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const child = spawn(binary, ['-dir', dir, '-listen', '127.0.0.1:0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = createInterface({ input: child.stderr });
  stderr.on('line', (line) => log.warn({ source: 'ferretdb' }, line));

  const ready = await new Promise<{ uri: string; version: string }>((resolvePromise, reject) => {
    const fail = (reason: string) =>
      reject(new JorenError(ErrorCode.EmbeddedDatabaseFailed, `FerretDB did not start: ${reason}`, { dir }));
    const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    const stdout = createInterface({ input: child.stdout });
    stdout.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolvePromise(JSON.parse(line) as { uri: string; version: string });
      } catch {
        fail(`unexpected output ${JSON.stringify(line.slice(0, 200))}`);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error.message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
  });

  log.info(
    { kind: 'ferretdb', version: ready.version, backend: 'sqlite', persistent: !temporary },
    'embedded database: FerretDB',
  );
  return {
    kind: 'ferretdb',
    version: ready.version,
    uri: ready.uri,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        child.stdin.end();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      stderr.close();
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ensureBuilt(root: string, binary: string, log: EmbeddedDatabaseOptions['log']): void {
  const script = join(root, 'scripts', 'install-ferretdb.sh');
  if (existsSync(binary) && spawnSync('bash', [script, '--check'], { stdio: 'ignore' }).status === 0) return;
  log.info('building FerretDB v1.24.2 with Go into .tools/ (first start only, about a minute)');
  const build = spawnSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) {
    throw new JorenError(
      ErrorCode.EmbeddedDatabaseFailed,
      'Could not build the embedded FerretDB: install Go 1.24 or newer, or set MONGODB_URI to a MongoDB server.',
    );
  }
}
