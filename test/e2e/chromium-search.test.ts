import { describe, expect, it } from '@jest/globals';
import { findInstalledChromium, type Machine } from '../support/chromium.js';

/** A made-up Linux machine with these executables (and the folders they are in). */
function linux(executables: string[], env: Record<string, string> = {}): Machine {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin', ...env },
    platform: 'linux',
    home: '/home/dev',
    isExecutable: (path) => executables.includes(path),
    list: (dir) => [
      ...new Set(
        executables
          .filter((path) => path.startsWith(`${dir}/`))
          .map((path) => path.slice(dir.length + 1).split('/')[0]!),
      ),
    ],
  };
}

const cache = '/home/dev/.cache/ms-playwright';

describe('where the browser test finds Chromium', () => {
  it('takes CHROMIUM_PATH first, and says so when it is wrong', () => {
    const machine = linux(['/opt/my/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/my/chrome' });
    expect(findInstalledChromium(machine)).toEqual({
      executablePath: '/opt/my/chrome',
      source: 'CHROMIUM_PATH',
    });
    expect(() => findInstalledChromium(linux(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nope' }))).toThrow(
      'CHROMIUM_PATH is /nope, which is not an executable',
    );
  });

  it('then Chromium or Chrome on PATH, in PATH order', () => {
    expect(
      findInstalledChromium(linux(['/usr/bin/google-chrome', '/usr/local/bin/chromium-browser'])),
    ).toEqual({
      executablePath: '/usr/local/bin/chromium-browser',
      source: 'PATH (chromium-browser)',
    });
  });

  it('then Playwright’s browser cache, newest first (or PLAYWRIGHT_BROWSERS_PATH)', () => {
    const browsers = [
      `${cache}/chromium-1150/chrome-linux/chrome`,
      `${cache}/chromium-1200/chrome-linux64/chrome`,
    ];
    expect(findInstalledChromium(linux([...browsers, '/opt/google/chrome/chrome']))).toEqual({
      executablePath: `${cache}/chromium-1200/chrome-linux64/chrome`,
      source: "Playwright's cache (chromium-1200)",
    });
    const elsewhere =
      '/ci/browsers/chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell';
    expect(
      findInstalledChromium(linux([elsewhere], { PLAYWRIGHT_BROWSERS_PATH: '/ci/browsers' }))?.executablePath,
    ).toBe(elsewhere);
  });

  it('then Chrome’s usual install location, and otherwise nothing (the npm-shipped one is next)', () => {
    expect(findInstalledChromium(linux(['/opt/google/chrome/chrome']))).toEqual({
      executablePath: '/opt/google/chrome/chrome',
      source: 'installed Chrome',
    });
    expect(findInstalledChromium(linux([]))).toBeUndefined();
  });

  it('knows where Chrome lives on macOS and Windows', () => {
    const mac: Machine = {
      ...linux([]),
      platform: 'darwin',
      isExecutable: (path) => path === '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    };
    expect(findInstalledChromium(mac)?.source).toBe('installed Chrome');
    const windows: Machine = {
      ...linux([]),
      platform: 'win32',
      env: { PATH: '', PROGRAMFILES: 'C:\\Program Files' },
      isExecutable: (path) => path.endsWith('chrome.exe') && path.startsWith('C:\\Program Files'),
    };
    expect(findInstalledChromium(windows)?.source).toBe('installed Chrome');
  });
});
