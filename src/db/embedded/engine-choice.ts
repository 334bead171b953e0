import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../../log.js';

export type EngineKind = 'mongod' | 'ferretdb';

/** The file in a data folder that says which engine `auto` chose there. */
const CHOICE_FILE = 'embedded-engine';

/**
 * The engine `auto` chose before in this folder: from its choice file, or, for a data folder from
 * before that file, from the one engine folder in it. `auto` asks mongodb-memory-server for a mongod
 * first, which without internet fails only after a download attempt (7 s measured here) on every
 * start; and the two engines keep their files apart, so switching would make the data seem gone.
 */
export function rememberedEngine(dir: string): EngineKind | undefined {
  const file = join(dir, CHOICE_FILE);
  if (existsSync(file)) {
    const kind = readFileSync(file, 'utf8').trim();
    if (kind === 'mongod' || kind === 'ferretdb') return kind;
  }
  const present = (['mongod', 'ferretdb'] as const).filter((kind) => existsSync(join(dir, kind)));
  return present.length === 1 ? present[0] : undefined;
}

/** Notes the engine `auto` chose in this folder (delete the file, or set JOREN_EMBEDDED_DB, to choose again). */
export function rememberEngine(dir: string, kind: EngineKind): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, CHOICE_FILE), `${kind}\n`);
}

/**
 * Creates the data folder readable by its owner only (the shop's customers are in it); an existing
 * folder others can read is left as it is, with a warning (it may be a mounted volume).
 */
export function prepareDataDir(dataDir: string, log: Logger): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) {
    log.warn({ dataDir: dir }, 'DATA_DIR can be read by other users of this machine: chmod 700 it');
  }
  return dir;
}
