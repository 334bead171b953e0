import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/** A Chromium to run the browser test with: where it is, how it was found, and its environment. */
export interface Chromium {
  executablePath: string;
  source: string;
  /** Added to the browser's environment (the npm-shipped build brings its own libraries). */
  env: Record<string, string>;
}

/** What the search looks at, so a test can give it a made-up machine. */
export interface Machine {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  isExecutable(path: string): boolean;
  list(dir: string): string[];
}

const thisMachine: Machine = {
  env: process.env,
  platform: process.platform,
  home: homedir(),
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

const onPath = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** The executables inside one of Playwright's browser folders, per platform. */
const inPlaywrightFolder: Record<string, string[]> = {
  linux: [
    'chrome-linux64/chrome',
    'chrome-linux/chrome',
    'chrome-headless-shell-linux64/chrome-headless-shell',
    'chrome-linux/headless_shell',
  ],
  darwin: [
    'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
    'chrome-headless-shell-mac-arm64/chrome-headless-shell',
  ],
  win32: [
    'chrome-win64/chrome.exe',
    'chrome-win/chrome.exe',
    'chrome-headless-shell-win64/chrome-headless-shell.exe',
  ],
};

function chromeInstallLocations({ platform, env }: Machine): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  if (platform === 'win32') {
    return [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].flatMap((base) =>
      base ? [join(base, 'Google', 'Chrome', 'Application', 'chrome.exe')] : [],
    );
  }
  return [
    '/opt/google/chrome/chrome',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
    '/usr/bin/chromium',
  ];
}

function playwrightCache({ platform, env, home }: Machine): string {
  if (env.PLAYWRIGHT_BROWSERS_PATH) return env.PLAYWRIGHT_BROWSERS_PATH;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? home, 'ms-playwright');
  return join(home, '.cache', 'ms-playwright');
}

/**
 * A browser installed the usual ways, in this order: CHROMIUM_PATH (which must then be right),
 * Chromium or Chrome on PATH, Playwright's browser cache (newest first), Chrome's usual install
 * locations. Undefined when there is none.
 */
export function findInstalledChromium(machine: Machine = thisMachine): Omit<Chromium, 'env'> | undefined {
  const { env, platform } = machine;
  if (env.CHROMIUM_PATH) {
    if (!machine.isExecutable(env.CHROMIUM_PATH)) {
      throw new Error(
        `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which is not an executable: fix it or unset it.`,
      );
    }
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  const exe = platform === 'win32' ? '.exe' : '';
  for (const dir of (env.PATH ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean)) {
    for (const name of onPath) {
      const path = join(dir, `${name}${exe}`);
      if (machine.isExecutable(path)) return { executablePath: path, source: `PATH (${name})` };
    }
  }
  const cache = playwrightCache(machine);
  const folders = machine
    .list(cache)
    .filter((name) => /^chromium(_headless_shell)?-\d+$/.test(name))
    .sort((a, b) => Number(b.split('-').at(-1)) - Number(a.split('-').at(-1)));
  for (const folder of folders) {
    for (const inside of inPlaywrightFolder[platform] ?? []) {
      const path = join(cache, folder, inside);
      if (machine.isExecutable(path))
        return { executablePath: path, source: `Playwright's cache (${folder})` };
    }
  }
  for (const path of chromeInstallLocations(machine)) {
    if (machine.isExecutable(path)) return { executablePath: path, source: 'installed Chrome' };
  }
  return undefined;
}

/**
 * An installed browser, or else the Chromium the npm package @sparticuz/chromium ships (Linux x64 and
 * arm64), so `npm ci && npm test` needs nothing installed by hand. That build is a headless shell made
 * for AWS Lambda: its brotli-packed binary is unpacked once into .tools/chromium/<version>/ with the
 * libraries it needs (NSS, NSPR, expat: a slim Debian has no libnss3) and run with them.
 */
export async function chromiumForTests(root = process.cwd()): Promise<Chromium> {
  const installed = findInstalledChromium();
  if (installed) return { ...installed, env: {} };
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    throw new Error(
      'No Chromium found (CHROMIUM_PATH, PATH, Playwright’s cache, Chrome’s install locations), and the ' +
        'npm-shipped one is for Linux only: install Chrome or Chromium, or set CHROMIUM_PATH.',
    );
  }
  const require = createRequire(import.meta.url);
  const pkg = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const folder = await unpackOnce(join(pkg, 'bin'), join(root, '.tools', 'chromium', version));
  return {
    executablePath: join(folder, 'chromium'),
    source: `@sparticuz/chromium ${version}`,
    env: { LD_LIBRARY_PATH: join(folder, 'lib') },
  };
}

/** Unpacks into a staging folder renamed into place at the end, so a killed run leaves nothing half-done. */
async function unpackOnce(bin: string, folder: string): Promise<string> {
  if (existsSync(join(folder, 'chromium'))) return folder;
  mkdirSync(dirname(folder), { recursive: true });
  const staging = mkdtempSync(`${folder}.unpacking-`);
  try {
    await pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
    );
    // SwiftShader's GL libraries go next to the binary; lib/ holds NSS, NSPR and expat.
    for (const archive of ['swiftshader.tar.br', 'al2023.tar.br'])
      await untarBrotli(join(bin, archive), staging);
    renameSync(staging, folder);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(folder, 'chromium'))) throw error; // else another run unpacked it first
  }
  return folder;
}

async function untarBrotli(archive: string, into: string): Promise<void> {
  // Through a file: tar stops reading at the archive's end marker, before the padding after it.
  const tarFile = join(into, 'unpacking.tar');
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  const tar = spawn('tar', ['-x', '--no-same-owner', '-f', tarFile, '-C', into], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => tar.once('exit', resolve));
  rmSync(tarFile);
  if (code !== 0) throw new Error(`tar could not unpack ${archive} (exit ${code})`);
}
