import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix, relative } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dockerignoreEntries, parseCopy, parseDockerfile, type DockerStage } from '../support/dockerfile.js';
import { killStarted, spawnTracked } from '../support/child-processes.js';

/**
 * There is no Docker daemon on our machines, so this test does what `docker build` would do with the
 * build stage: copy what its COPY lines copy (minus .dockerignore) into an empty folder, run its RUN
 * lines there, then start the runtime stage's CMD on what the runtime stage copies out of it.
 *
 * `npm ci` runs as written, with npm told to prefer its cache (npm_config_prefer_offline): about 11 s
 * on a warm cache instead of a download of every package.
 */
const root = process.cwd();
const stages = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const ignored = dockerignoreEntries(readFileSync(join(root, '.dockerignore'), 'utf8'));
const folder = mkdtempSync(join(tmpdir(), 'joren-image-'));

interface Ran {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args, { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Where a path of the image's WORKDIR (/app) lands in the folder. */
function inFolder(workdir: string, path: string): string {
  const absolute = posix.resolve(workdir, path);
  if (absolute !== '/app' && !absolute.startsWith('/app/')) throw new Error(`outside /app: ${path}`);
  return join(folder, posix.relative('/app', absolute));
}

/** COPY from the build context, leaving out what .dockerignore names (a file into a folder ending in /). */
function copyFromContext(source: string, destination: string, intoFolder: boolean): void {
  const from = join(root, source);
  const to = intoFolder && !statSync(from).isDirectory() ? join(destination, basename(source)) : destination;
  const kept = (path: string) => {
    const inContext = relative(root, path);
    return !ignored.some((entry) => inContext === entry || inContext.startsWith(`${entry}/`));
  };
  cpSync(from, to, { recursive: true, filter: kept });
}

function envOf(args: string): Record<string, string> {
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const [name, ...value] = pair.split('=');
      return [name!, value.join('=')];
    }),
  );
}

function stage(name: string): DockerStage {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage named ${name}`);
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => path.split('\\').join('/'));
}

describe('the Docker image (its build stage replayed without Docker)', () => {
  afterAll(() => {
    killStarted();
    rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  });

  it('builds from exactly what the build stage copies, and its CMD runs on what the runtime stage keeps', async () => {
    const baseEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    let env: Record<string, string> = { ...baseEnv };
    let workdir = '/';
    for (const { keyword, args } of stage('build').instructions) {
      if (keyword === 'WORKDIR') workdir = posix.resolve(workdir, args);
      else if (keyword === 'ENV') env = { ...env, ...envOf(args) };
      else if (keyword === 'COPY') {
        const copy = parseCopy(args);
        expect(copy.from).toBeUndefined();
        const destination = inFolder(workdir, copy.destination);
        const intoFolder = copy.destination.endsWith('/');
        for (const source of copy.sources) copyFromContext(source, destination, intoFolder);
      } else if (keyword === 'RUN') {
        const ran = await run('sh', ['-c', args], env);
        if (ran.code !== 0) throw new Error(`RUN ${args} failed (${ran.code}):\n${ran.output.slice(-4000)}`);
      } else
        throw new Error(`the replay does not know ${keyword}; teach it before using it in the build stage`);
    }

    expect(existsSync(join(folder, 'dist/src/main.js'))).toBe(true);
    // The image runs the patched Agenda (patches/), as `npm ci` leaves it on our machines.
    expect(readFileSync(join(folder, 'node_modules/agenda/dist/JobProcessor.js'), 'utf8')).toContain(
      'Joren patch',
    );
    const built = filesUnder(join(folder, 'dist'));
    expect(built.filter((path) => /^(test|scripts)\//.test(path) || /bench|\.test\.js$/.test(path))).toEqual(
      [],
    );

    // The runtime stage: what it copies out of the build stage, its environment and its CMD.
    const runtime = stage('runtime');
    let runtimeEnv: Record<string, string> = { PATH: baseEnv.PATH };
    let cmd: string[] = [];
    for (const { keyword, args } of runtime.instructions) {
      if (keyword === 'COPY') {
        const copy = parseCopy(args);
        expect(copy.from).toBe('build');
        for (const source of copy.sources) expect(existsSync(inFolder('/app', source))).toBe(true);
      } else if (keyword === 'ENV') runtimeEnv = { ...runtimeEnv, ...envOf(args) };
      else if (keyword === 'CMD') cmd = JSON.parse(args) as string[];
    }
    expect(runtimeEnv.NODE_ENV).toBe('production');
    expect(cmd[0]).toBe('node');
    // Without credentials the production image refuses to start; that it gets to say so proves every
    // module main.js imports loads from the pruned node_modules (no devDependency, nothing from test/).
    const started = await run(process.execPath, cmd.slice(1), runtimeEnv);
    expect(started.output).toMatch(
      /^joren: Refusing to start: LINE and Slack are not configured, and NODE_ENV is production/m,
    );
    expect(started.code).toBe(1);
  }, 300_000);
});
