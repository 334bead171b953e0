import { ErrorCode, JorenError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { prepareDataDir, rememberEngine, rememberedEngine, type EngineKind } from './engine-choice.js';
import { startFerretDb } from './ferretdb-server.js';
import { startMongod } from './mongod-server.js';

/** A MongoDB-compatible server this process started and owns. */
export interface EmbeddedDatabase {
  kind: EngineKind;
  version: string;
  uri: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the data files live; undefined for a throw-away database (tests). */
  dataDir: string | undefined;
  prefer: 'auto' | EngineKind;
  log: Logger;
  /** Where `auto` remembers its choice when there is no data folder (the tests: .tools/). */
  rememberIn?: string;
}

/**
 * Starts the embedded database: the engine named by `prefer`, or for `auto` the one chosen before in
 * this folder, or else a real mongod through mongodb-memory-server when a binary is present or can be
 * downloaded, otherwise FerretDB v1.24.2 on SQLite (built with Go on first use) — and remembers it.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { log, prefer } = options;
  const dataDir = options.dataDir === undefined ? undefined : prepareDataDir(options.dataDir, log);
  const memory = dataDir ?? options.rememberIn;
  const chosen = prefer === 'auto' && memory ? rememberedEngine(memory) : undefined;
  const engine = chosen ?? prefer;
  if (chosen) log.info({ engine, in: memory }, 'embedded database: using the engine chosen before');
  let started: EmbeddedDatabase;
  try {
    started = await startEngine(engine, { ...options, dataDir });
  } catch (error) {
    if (!chosen) throw error;
    throw new JorenError(
      ErrorCode.EmbeddedDatabaseFailed,
      `The embedded ${chosen} chosen before in ${memory} did not start; its data is there. ` +
        `Fix it, or set JOREN_EMBEDDED_DB to the other engine (which starts empty).`,
      { engine: chosen },
      { cause: error },
    );
  }
  if (prefer === 'auto' && memory && !chosen) rememberEngine(memory, started.kind);
  return started;
}

async function startEngine(
  engine: 'auto' | EngineKind,
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  if (engine !== 'ferretdb') {
    try {
      return await startMongod(options);
    } catch (error) {
      if (engine === 'mongod') throw error;
      options.log.info(
        { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) },
        'no mongod binary available; using FerretDB',
      );
    }
  }
  return startFerretDb(options);
}
