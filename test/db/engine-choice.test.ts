import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startEmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { prepareDataDir, rememberEngine, rememberedEngine } from '../../src/db/embedded/engine-choice.js';
import { createLogger } from '../../src/log.js';

const folder = mkdtempSync(join(tmpdir(), 'joren-engine-'));

/** A logger whose lines the test reads. */
function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, messages: () => lines.map((line) => String(line.msg)) };
}

describe('the embedded database’s data folder and engine', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the data folder readable by its owner only, and warns about an existing open one', () => {
    const { log, messages } = recordingLog();
    const created = prepareDataDir(join(folder, 'new', 'data'), log);
    expect(statSync(created).mode & 0o777).toBe(0o700);
    expect(messages()).toEqual([]);

    const open = join(folder, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    prepareDataDir(open, log);
    expect(statSync(open).mode & 0o777).toBe(0o755);
    expect(messages()).toEqual(['DATA_DIR can be read by other users of this machine: chmod 700 it']);
  });

  it('remembers what `auto` chose, and reads an older data folder by its one engine folder', () => {
    const dir = join(folder, 'memory');
    expect(rememberedEngine(dir)).toBeUndefined();
    rememberEngine(dir, 'ferretdb');
    expect(readFileSync(join(dir, 'embedded-engine'), 'utf8')).toBe('ferretdb\n');
    expect(rememberedEngine(dir)).toBe('ferretdb');

    const older = join(folder, 'older');
    mkdirSync(join(older, 'mongod'), { recursive: true });
    expect(rememberedEngine(older)).toBe('mongod');
    mkdirSync(join(older, 'ferretdb'));
    expect(rememberedEngine(older)).toBeUndefined(); // both: nothing to go by
  });

  it('starts the engine chosen before without trying the other first', async () => {
    const kind = (process.env.JOREN_TEST_DATABASE_KIND ?? 'ferretdb') as 'mongod' | 'ferretdb';
    const dataDir = join(folder, 'chosen');
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'embedded-engine'), `${kind}\n`);
    const { log, messages } = recordingLog();
    const database = await startEmbeddedDatabase({ dataDir, prefer: 'auto', log });
    try {
      expect(database.kind).toBe(kind);
      expect(messages()).toContain('embedded database: using the engine chosen before');
      // `auto` without a memory asks for a mongod first and says so when there is none.
      expect(messages()).not.toContain('no mongod binary available; using FerretDB');
    } finally {
      await database.stop();
    }
  }, 60_000);
});
